#pragma once
// The layout the training agreements share — the contract of a self-funded trainee
// (training_contract.hpp) and the convention with an employer (training_convention.hpp): their
// text styles, numbered articles, and the articles that describe the training action itself
// (object, nature, duration and hours, programme, number and level of trainees, conditions and
// means, trainers, assessment), which L6353-4 and D6353-1 both ask for.
// Example:
//   int number = 1;
//   draw_action_articles(pdf, number, contract, "Le présent contrat");
//   agreement_article(pdf, number, "Prix et financement", {…});

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "invoices/attendance_documents.hpp"
#include "invoices/pdf_writer.hpp"
#include "invoices/training_contract.hpp"

namespace formations::invoices::agreement_layout {

inline constexpr Color accent{0.11, 0.25, 0.42};
inline constexpr TextStyle body{.size = 9.5, .leading = 1.4};
inline constexpr TextStyle bold{.size = 9.5, .weight = Weight::bold, .leading = 1.4};
inline constexpr TextStyle heading{
    .size = 11, .weight = Weight::bold, .color = accent, .leading = 1.3};
inline constexpr TextStyle small{.size = 8, .color = colors::dark_gray, .leading = 1.35};
inline constexpr TextStyle footer_style{.size = 7.5, .color = colors::mid_gray};
inline constexpr Margins page_margins{.top = 45, .right = 55, .bottom = 70, .left = 55};

// A numbered article: its title, then its paragraphs, kept together with its first lines.
void agreement_article(PdfWriter& pdf, int& number, const std::string& title,
                       const std::vector<std::string>& paragraphs);

// The articles describing the action, from the contract's terms (the convention carries the same
// terms): `subject` opens the first one ("Le présent contrat", "La présente convention").
void draw_action_articles(PdfWriter& pdf, int& number, const TrainingContract& terms,
                          const std::string& subject);

// The organisation's name and address, the document's title and its subtitle, centred; then
// `continued` at the top of every following page.
void draw_title(PdfWriter& pdf, const Organisation& organisation, const std::string& title,
                const std::string& subtitle, const std::string& continued);

// "Entre les soussignés :" and the organisation as the first party (its SIRET, its declaration
// number with « ne vaut pas agrément de l'État », its representative).
void draw_organisation_party(PdfWriter& pdf, const Organisation& organisation);

// The footer of every page: the organisation's identity and "<reference> – page i/n".
void draw_footers(PdfWriter& pdf, const Organisation& organisation, const std::string& reference);

// Daily hours in snapshots: [hour, minute].
nlohmann::json time_to_json(const ClockTime& time);
ClockTime time_from_json(const nlohmann::json& object, const char* field);

}  // namespace formations::invoices::agreement_layout
