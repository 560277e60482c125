// libFuzzer target: the JSON request bodies, read as the routes read them. Any input must give
// a value or an Error, never a crash, an exception, undefined behaviour or a leak.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "service/http/evidence_readers.hpp"
#include "service/http/json_body.hpp"
#include "service/http/json_io.hpp"

using namespace formations::http;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto body = parse_json_body(std::string_view(reinterpret_cast<const char*>(data), size));
    if (!body) {
        return 0;
    }
    const auto& json = body.value();
    (void)read_registration_request(json);
    (void)read_payment_request(json);
    (void)read_login_request(json);
    (void)read_session_input(json);
    (void)read_session_changes(json);
    (void)read_move_request(json);
    (void)read_tier_request(json);
    // The Qualiopi routes anyone can call: answers through a trainee's or an employer's link,
    // complaints from the public and the trainee pages.
    (void)read_submission(json, true);
    (void)read_submission(json, false);
    (void)read_complaint(json, ComplaintSource::public_page);
    (void)read_complaint(json, ComplaintSource::trainee);
    (void)read_complaint(json, ComplaintSource::staff);
    (void)read_complaint_changes(json);
    return 0;
}
