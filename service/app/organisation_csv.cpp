#include "service/app/organisation_csv.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>

#include "invoices/utf8.hpp"
#include "pricing/siret.hpp"
#include "service/app/input_rules.hpp"

namespace formations::app {
namespace {

constexpr std::string_view utf8_bom = "\xEF\xBB\xBF";
constexpr std::size_t name_max = 200;
constexpr std::size_t address_max = 500;

enum class Column { siret, name, address, status, ignored };

const char* column_name(Column column) {
    switch (column) {
        case Column::siret:
            return "siret";
        case Column::name:
            return "name";
        case Column::address:
            return "address";
        case Column::status:
            return "status";
        case Column::ignored:
            break;
    }
    return "";
}

// How the column is called in the messages, for people who write French headers.
const char* french_name(Column column) {
    switch (column) {
        case Column::siret:
            return "siret";
        case Column::name:
            return "nom";
        case Column::address:
            return "adresse";
        case Column::status:
            return "statut";
        case Column::ignored:
            break;
    }
    return "";
}

std::string_view trim(std::string_view value) {
    const auto* blank = " \t";
    auto first = value.find_first_not_of(blank);
    if (first == std::string_view::npos) {
        return {};
    }
    return value.substr(first, value.find_last_not_of(blank) - first + 1);
}

bool is_blank(std::string_view value) {
    return trim(value).empty();
}

std::optional<Column> column_of(std::string_view header) {
    static const std::map<std::string, Column, std::less<>> names = {
        {"siret", Column::siret},     {"name", Column::name},       {"nom", Column::name},
        {"address", Column::address}, {"adresse", Column::address}, {"status", Column::status},
        {"statut", Column::status},
    };
    auto found = names.find(fold_accents(trim(header)));
    if (found == names.end()) {
        return std::nullopt;
    }
    return found->second;
}

// Spreadsheets in French format numbers with (narrow) no-break spaces: make them plain spaces.
std::string plain_spaces(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text.substr(i, 2) == "\xC2\xA0") {
            out += ' ';
            i += 1;
        } else if (text.substr(i, 3) == "\xE2\x80\xAF") {
            out += ' ';
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

std::string siret_message(std::string_view text) {
    std::string lower = fold_accents(text);
    if (lower.find("e+") != std::string::npos || lower.find(',') != std::string::npos ||
        lower.find('.') != std::string::npos) {
        return "Le numéro SIRET semble avoir été converti en nombre par le tableur : mettez la "
               "colonne au format texte et saisissez les 14 chiffres.";
    }
    if (text.size() == 13 &&
        std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); })) {
        return "Le numéro SIRET n'a que 13 chiffres : le tableur a peut-être supprimé un zéro "
               "initial (mettez la colonne au format texte).";
    }
    return "Le numéro SIRET doit comporter 14 chiffres et être valide.";
}

// The first character of the header line that is not in quotes and is `;` or `,`, counted:
// the more frequent one is the separator (`;`, the French default, on a tie).
char detect_separator(std::string_view text) {
    std::size_t semicolons = 0;
    std::size_t commas = 0;
    bool quoted = false;
    for (char c : text) {
        if (c == '"') {
            quoted = !quoted;
        } else if (!quoted && (c == '\n' || c == '\r')) {
            break;
        } else if (!quoted && c == ';') {
            ++semicolons;
        } else if (!quoted && c == ',') {
            ++commas;
        }
    }
    return commas > semicolons ? ',' : ';';
}

// The line of the first byte sequence that is not UTF-8, if any (a line break is never part of
// a multi-byte sequence, so lines can be checked one by one).
std::optional<std::size_t> first_invalid_utf8_line(std::string_view text) {
    std::size_t line = 1;
    std::size_t start = 0;
    while (start <= text.size()) {
        auto end = text.find('\n', start);
        auto piece = text.substr(
            start, end == std::string_view::npos ? std::string_view::npos : end - start);
        if (!utf8_length(piece)) {
            // Count the lone CRs (old Mac line ends) of the text before, as read_csv does.
            auto before = text.substr(0, start);
            std::size_t lone_cr = 0;
            for (std::size_t i = 0; i < before.size(); ++i) {
                if (before[i] == '\r' && (i + 1 == before.size() || before[i + 1] != '\n')) {
                    ++lone_cr;
                }
            }
            return line + lone_cr;
        }
        if (end == std::string_view::npos) {
            break;
        }
        start = end + 1;
        ++line;
    }
    return std::nullopt;
}

class Errors {
  public:
    explicit Errors(OrganisationCsv& out) : out_(out) {}
    void add(std::size_t line, std::string field, std::string code, std::string message) {
        ++out_.error_count;
        if (out_.errors.size() < max_listed_csv_errors) {
            auto title = titles_.find(field);
            std::string column = title == titles_.end() ? std::string() : title->second;
            out_.errors.push_back(
                {line, std::move(field), std::move(column), std::move(code), std::move(message)});
        }
    }
    // The file's own title of a column, for the errors of its cells.
    void name_column(const std::string& field, std::string title) {
        titles_[field] = std::move(title);
    }

  private:
    OrganisationCsv& out_;
    std::map<std::string, std::string, std::less<>> titles_;
};

std::optional<std::string> from_utf16(std::string_view bytes, bool little_endian) {
    if (bytes.size() % 2 != 0) {
        return std::nullopt;
    }
    std::string out;
    out.reserve(bytes.size());
    auto unit = [&](std::size_t i) -> char32_t {
        auto a = static_cast<unsigned char>(bytes[i]), b = static_cast<unsigned char>(bytes[i + 1]);
        return little_endian ? (b << 8 | a) : (a << 8 | b);
    };
    for (std::size_t i = 0; i < bytes.size(); i += 2) {
        char32_t c = unit(i);
        if (c >= 0xD800 && c <= 0xDBFF) {
            if (i + 3 >= bytes.size()) {
                return std::nullopt;
            }
            char32_t low = unit(i + 2);
            if (low < 0xDC00 || low > 0xDFFF) {
                return std::nullopt;
            }
            c = 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00);
            i += 2;
        } else if (c >= 0xDC00 && c <= 0xDFFF) {
            return std::nullopt;
        }
        invoices::append_utf8(out, c);
    }
    return out;
}

// Windows-1252: Latin-1 but for 0x80–0x9F, where it has €, typographic quotes, Œ, œ, Š…; five
// of those bytes are undefined.
std::optional<std::string> from_windows_1252(std::string_view bytes) {
    static constexpr std::array<char32_t, 32> high = {
        0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
        0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};
    std::string out;
    out.reserve(bytes.size() * 2);
    for (char byte : bytes) {
        auto b = static_cast<unsigned char>(byte);
        char32_t c = b >= 0x80 && b < 0xA0 ? high[b - 0x80] : b;
        if (c == 0) {
            return std::nullopt;
        }
        invoices::append_utf8(out, c);
    }
    return out;
}

}  // namespace

std::optional<DecodedText> decode_spreadsheet_text(std::string_view bytes) {
    if (bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF")) {
        auto text = from_utf16(bytes.substr(2), bytes[0] == '\xFF');
        if (!text) {
            return std::nullopt;
        }
        return DecodedText{std::move(*text), "utf-16"};
    }
    if (bytes.find('\0') != std::string_view::npos) {
        return std::nullopt;  // UTF-16 without its byte-order mark, or not text at all
    }
    if (bytes.starts_with(utf8_bom)) {
        bytes.remove_prefix(utf8_bom.size());
    }
    if (!first_invalid_utf8_line(bytes)) {
        return DecodedText{std::string(bytes), "utf-8"};
    }
    if (auto text = from_windows_1252(bytes)) {
        return DecodedText{std::move(*text), "windows-1252"};
    }
    return std::nullopt;
}

CsvTable read_csv(std::string_view bytes, CsvEncoding encoding) {
    CsvTable table;
    auto decoded =
        encoding == CsvEncoding::detect
            ? decode_spreadsheet_text(bytes)
            : std::optional<DecodedText>(DecodedText{
                  std::string(bytes.starts_with(utf8_bom) ? bytes.substr(3) : bytes), "utf-8"});
    if (!decoded || first_invalid_utf8_line(decoded->text)) {
        // Not text (a control character, UTF-16 without its BOM, an undefined byte).
        auto line = decoded ? first_invalid_utf8_line(decoded->text).value_or(1) : 1;
        table.error = CsvLineError{line, "", "", "invalid_encoding",
                                   "Le fichier n'est pas un texte lisible (UTF-8, UTF-16 ou "
                                   "Windows-1252) : enregistrez-le au format « CSV UTF-8 » "
                                   "(LibreOffice : jeu de caractères Unicode (UTF-8) ; Excel : "
                                   "CSV UTF-8)."};
        return table;
    }
    table.encoding = decoded->encoding;
    std::string_view text = decoded->text;
    table.separator = detect_separator(text);
    const char separator = table.separator;

    std::size_t line = 1;
    CsvRecord record{line, {}};
    std::string field;
    bool field_started = false;  // something (even an empty pair of quotes) was read
    auto end_field = [&] {
        record.fields.push_back(std::move(field));
        field.clear();
        field_started = false;
    };
    auto end_record = [&] {
        end_field();
        bool blank = std::all_of(record.fields.begin(), record.fields.end(),
                                 [](const std::string& value) { return is_blank(value); });
        if (!blank) {
            table.records.push_back(std::move(record));
        }
        record = CsvRecord{line, {}};
    };
    // Consumes a line end at `i` (CRLF, LF or CR); returns the index of its last character.
    auto line_end = [&](std::size_t i) {
        ++line;
        return text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n' ? i + 1 : i;
    };

    std::size_t i = 0;
    while (i < text.size()) {
        char c = text[i];
        if (!field_started && c == '"') {
            // A quoted field: up to the lone closing quote.
            std::size_t opened_on = line;
            field_started = true;
            ++i;
            bool closed = false;
            while (i < text.size()) {
                char q = text[i];
                if (q == '"') {
                    if (i + 1 < text.size() && text[i + 1] == '"') {
                        field += '"';
                        i += 2;
                        continue;
                    }
                    closed = true;
                    ++i;
                    break;
                }
                if (q == '\r' || q == '\n') {
                    i = line_end(i);
                    field += '\n';
                } else {
                    field += q;
                }
                ++i;
            }
            if (!closed) {
                table.error = CsvLineError{opened_on, "", "", "unterminated_quote",
                                           "Un guillemet ouvert à cette ligne n'est jamais "
                                           "refermé."};
                return table;
            }
            if (i < text.size() && text[i] != separator && text[i] != '\r' && text[i] != '\n') {
                table.error = CsvLineError{line, "", "", "invalid_quotes",
                                           "Un champ entre guillemets est suivi d'autres "
                                           "caractères : doublez les guillemets à l'intérieur "
                                           "d'un champ (\"\")."};
                return table;
            }
            continue;
        }
        if (c == separator) {
            end_field();
        } else if (c == '\r' || c == '\n') {
            i = line_end(i);
            end_record();
        } else {
            field += c;
            field_started = true;
        }
        ++i;
    }
    if (field_started || !record.fields.empty()) {
        end_record();
    }
    return table;
}

std::optional<pricing::MembershipStatus> parse_status_label(std::string_view text) {
    static const std::map<std::string, pricing::MembershipStatus, std::less<>> labels = {
        {"societaire", pricing::MembershipStatus::societaire},
        {"candidate", pricing::MembershipStatus::candidate},
        {"candidat", pricing::MembershipStatus::candidate},
        {"none", pricing::MembershipStatus::none},
        {"aucun", pricing::MembershipStatus::none},
    };
    auto found = labels.find(fold_accents(trim(plain_spaces(text))));
    if (found == labels.end()) {
        return std::nullopt;
    }
    return found->second;
}

OrganisationCsv parse_organisation_csv(std::string_view text, CsvEncoding encoding) {
    OrganisationCsv out;
    Errors errors(out);
    auto table = read_csv(text, encoding);
    out.encoding = table.encoding;
    if (table.error) {
        const auto& e = *table.error;
        errors.add(e.line, e.field, e.code, e.message);
        return out;
    }
    if (table.records.empty()) {
        errors.add(1, "", "missing_header",
                   "Le fichier est vide : sa première ligne doit nommer les colonnes siret, nom, "
                   "adresse et statut.");
        return out;
    }

    // The header: which column holds what.
    const auto& header = table.records.front();
    std::vector<Column> columns;
    std::array<std::optional<std::size_t>, 4> position{};
    for (std::size_t k = 0; k < header.fields.size(); ++k) {
        const auto& title = header.fields[k];
        if (is_blank(title)) {
            columns.push_back(Column::ignored);  // trailing separators of some exports
            continue;
        }
        auto column = column_of(title);
        if (!column) {
            errors.add(header.line, std::string(trim(title)), "unknown_column",
                       "Colonne inconnue « " + std::string(trim(title)) +
                           " » : les colonnes attendues sont siret, nom, adresse et statut.");
            columns.push_back(Column::ignored);
            continue;
        }
        auto& slot = position[static_cast<std::size_t>(*column)];
        if (slot) {
            errors.add(header.line, column_name(*column), "duplicate_column",
                       "La colonne « " + std::string(trim(title)) + " » figure deux fois.");
        }
        slot = k;
        columns.push_back(*column);
        errors.name_column(column_name(*column), std::string(trim(title)));
    }
    for (auto column : {Column::siret, Column::name, Column::address, Column::status}) {
        if (!position[static_cast<std::size_t>(column)]) {
            errors.add(header.line, column_name(column), "missing_column",
                       std::string("La colonne « ") + french_name(column) +
                           " » manque à la première ligne (siret, nom, adresse, statut).");
        }
    }
    if (out.error_count > 0) {
        return out;
    }

    std::map<std::string, std::size_t, std::less<>> first_line_of;
    for (std::size_t r = 1; r < table.records.size(); ++r) {
        const auto& record = table.records[r];
        const auto line = record.line;
        const auto before = out.error_count;
        auto cell = [&](Column column) -> std::string_view {
            auto k = *position[static_cast<std::size_t>(column)];
            return k < record.fields.size() ? std::string_view(record.fields[k])
                                            : std::string_view();
        };
        for (std::size_t k = 0; k < record.fields.size(); ++k) {
            bool named = k < columns.size() && columns[k] != Column::ignored;
            if (!named && !is_blank(record.fields[k])) {
                errors.add(line, "", "unexpected_value",
                           "Cette ligne a une valeur en colonne " + std::to_string(k + 1) +
                               ", hors des colonnes siret, nom, adresse et statut.");
                break;
            }
        }

        OrganisationLine row;
        row.line = line;
        auto siret_text = std::string(trim(plain_spaces(cell(Column::siret))));
        if (siret_text.empty()) {
            errors.add(line, "siret", "required", "Le numéro SIRET est obligatoire.");
        } else if (auto siret = pricing::Siret::parse(siret_text)) {
            row.siret = siret->digits();
            auto [found, inserted] = first_line_of.try_emplace(row.siret, line);
            if (!inserted) {
                errors.add(line, "siret", "duplicate_siret",
                           "Ce SIRET figure déjà à la ligne " + std::to_string(found->second) +
                               " du fichier.");
            }
        } else {
            errors.add(line, "siret", "invalid_siret", siret_message(siret_text));
        }

        if (auto name = normalise_text(cell(Column::name), "name", name_max)) {
            row.name = std::move(name.value());
        } else {
            errors.add(line, "name", name.error().code, name.error().message);
        }

        if (!is_blank(cell(Column::address))) {
            auto address = normalise_text(cell(Column::address), "address", address_max, true);
            if (address) {
                row.address = std::move(address.value());
            } else {
                errors.add(line, "address", address.error().code, address.error().message);
            }
        }

        if (is_blank(cell(Column::status))) {
            errors.add(line, "status", "required",
                       "Le statut est obligatoire (sociétaire, candidat ou aucun).");
        } else if (auto status = parse_status_label(cell(Column::status))) {
            row.status = *status;
        } else {
            errors.add(line, "status", "invalid_status",
                       "Statut inconnu « " + std::string(trim(cell(Column::status))) +
                           " » : indiquez sociétaire, candidat ou aucun.");
        }

        if (out.error_count == before) {
            out.rows.push_back(std::move(row));
        }
    }
    if (out.error_count > 0) {
        out.rows.clear();
    }
    return out;
}

}  // namespace formations::app
