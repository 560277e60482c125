#include "service/domain/message.hpp"

#include <array>
#include <utility>

namespace formations::domain {
namespace {

constexpr std::array<std::pair<MessageKind, std::string_view>, 25> kind_names{{
    {MessageKind::registration_confirmed, "registration_confirmed"},
    {MessageKind::registration_waitlisted, "registration_waitlisted"},
    {MessageKind::promoted, "promoted"},
    {MessageKind::registration_cancelled, "registration_cancelled"},
    {MessageKind::registration_moved, "registration_moved"},
    {MessageKind::tier_corrected, "tier_corrected"},
    {MessageKind::session_changed, "session_changed"},
    {MessageKind::session_cancelled, "session_cancelled"},
    {MessageKind::payment_received, "payment_received"},
    {MessageKind::refund_recorded, "refund_recorded"},
    {MessageKind::certificate_available, "certificate_available"},
    {MessageKind::convocation_reminder, "convocation_reminder"},
    {MessageKind::payment_reminder, "payment_reminder"},
    {MessageKind::lost_link, "lost_link"},
    {MessageKind::contract_withdrawn, "contract_withdrawn"},
    {MessageKind::contract_signed, "contract_signed"},
    {MessageKind::seat_released, "seat_released"},
    {MessageKind::seat_offered, "seat_offered"},
    {MessageKind::offer_expired, "offer_expired"},
    {MessageKind::offer_declined, "offer_declined"},
    {MessageKind::evaluation_invitation, "evaluation_invitation"},
    {MessageKind::employer_survey_invitation, "employer_survey_invitation"},
    {MessageKind::complaint_received, "complaint_received"},
    {MessageKind::accommodation_requested, "accommodation_requested"},
    {MessageKind::convention_to_sign, "convention_to_sign"},
}};

}  // namespace

std::string_view to_string(MessageKind kind) {
    for (const auto& [value, name] : kind_names) {
        if (value == kind) {
            return name;
        }
    }
    return "unknown";
}

std::optional<MessageKind> parse_message_kind(std::string_view text) {
    for (const auto& [value, name] : kind_names) {
        if (name == text) {
            return value;
        }
    }
    return std::nullopt;
}

}  // namespace formations::domain
