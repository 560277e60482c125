#pragma once
// Reading the member directory from a spreadsheet file, as LibreOffice or Excel save it in France:
// UTF-8 with or without BOM, UTF-16 with its BOM (Excel's « Texte Unicode »), or Windows-1252
// (Excel's plain « CSV »: any text that is not UTF-8 and has no byte Windows-1252 leaves
// undefined), `;` or `,` between fields (whichever the header line uses more),
// fields optionally in double quotes ("" for a quote, line breaks allowed inside), CRLF, LF or CR
// line ends. Pure: no I/O, no database; every problem is reported with its line number so that
// staff can fix the file and import it again (nothing is written while one line is wrong).
// Example:
//   auto csv = parse_organisation_csv("\xEF\xBB\xBFSIRET;Nom;Adresse;Statut\r\n"
//                                     "732 829 320 00074;Coopérative;1 rue X;Sociétaire\r\n");
//   csv.rows[0].line == 2, csv.rows[0].siret == "73282932000074",
//   csv.rows[0].status == MembershipStatus::societaire, csv.errors.empty()

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pricing/tier.hpp"

namespace formations::app {

// One problem of the file: `line` is the line (1 = header) where the record starts, `field` the
// column ("siret", "name", "address", "status") or empty when the whole line is concerned.
struct CsvLineError {
    std::size_t line = 0;
    std::string field;
    std::string column;   // that column's title as the file's first line writes it, if any
    std::string code;     // stable: invalid_siret, invalid_status, required, too_long, …
    std::string message;  // French, for the person who fixes the file
};

// A record of the file and the line it starts on (a quoted line break makes it span more).
struct CsvRecord {
    std::size_t line = 0;
    std::vector<std::string> fields;
};

struct CsvTable {
    char separator = ';';
    std::string encoding = "utf-8";     // what the bytes were read as: utf-8, utf-16, windows-1252
    std::vector<CsvRecord> records;     // the header first; blank lines are left out
    std::optional<CsvLineError> error;  // the text is not readable CSV; `records` is then partial
};

// The text in UTF-8 and the encoding it was read from (see above); nullopt when it is none of
// them (UTF-16 without its BOM, a byte Windows-1252 does not define).
struct DecodedText {
    std::string text;
    std::string encoding;
};
std::optional<DecodedText> decode_spreadsheet_text(std::string_view bytes);

// How to read the bytes: recognise the encoding as above, or UTF-8 only (the sender said so).
enum class CsvEncoding { detect, utf8 };

// Splits a CSV text into records. Fields are returned as written, unquoted, not trimmed.
CsvTable read_csv(std::string_view text, CsvEncoding encoding = CsvEncoding::detect);

// The status as people write it in a spreadsheet: societaire, sociétaire, candidate, candidat,
// none, aucun — case and accents ignored, surrounding spaces too.
std::optional<pricing::MembershipStatus> parse_status_label(std::string_view text);

struct OrganisationLine {
    std::size_t line = 0;
    std::string siret;    // 14 digits
    std::string name;     // normalised, at most 200 characters
    std::string address;  // normalised, may be empty, at most 500 characters, may hold \n
    pricing::MembershipStatus status = pricing::MembershipStatus::none;
};

// At most this many errors are listed; `error_count` still counts them all.
inline constexpr std::size_t max_listed_csv_errors = 100;

struct OrganisationCsv {
    std::string encoding;                // as CsvTable says
    std::vector<OrganisationLine> rows;  // only meaningful when `errors` is empty
    std::vector<CsvLineError> errors;
    std::size_t error_count = 0;
};

// Reads and checks a directory file: header with the columns siret, name (or nom), address (or
// adresse), status (or statut) in any order and case; each line checked like the API checks a
// new organisation; a SIRET given twice is an error on its second line.
OrganisationCsv parse_organisation_csv(std::string_view text,
                                       CsvEncoding encoding = CsvEncoding::detect);

}  // namespace formations::app
