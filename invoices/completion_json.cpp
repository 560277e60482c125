#include "invoices/completion_json.hpp"

#include "invoices/snapshot_json.hpp"

namespace formations::invoices {

using nlohmann::json;
using namespace snapshot_json;

namespace {

constexpr int snapshot_version = 1;

json organisation_json(const Organisation& o) {
    return {{"name", o.name}, {"address", o.address},     {"siret", o.siret},
            {"nda", o.nda},   {"signatory", o.signatory}, {"city", o.city}};
}

Organisation organisation_from(const json& o) {
    return {read_string(o, "name"), read_string(o, "address"),   read_string(o, "siret"),
            read_string(o, "nda"),  read_string(o, "signatory"), read_string(o, "city")};
}

int read_minutes(const json& object, const char* field) {
    const auto value = read_integer(object, field);
    if (value < 0 || value > 1'000'000) {
        malformed(field, "is out of range");
    }
    return static_cast<int>(value);
}

}  // namespace

json to_json(const Certificate& c) {
    return {{"version", snapshot_version},
            {"organisation", organisation_json(c.organisation)},
            {"trainee_name", c.trainee_name},
            {"employer", optional_string(c.employer)},
            {"course_title", c.course_title},
            {"starts_on", iso_date(c.starts_on, "starts_on")},
            {"ends_on", iso_date(c.ends_on, "ends_on")},
            {"planned_minutes", c.planned_minutes},
            {"attended_minutes", c.attended_minutes},
            {"issued_on", iso_date(c.issued_on, "issued_on")}};
}

Certificate certificate_from_json(const json& j) {
    if (read_integer(j, "version") != snapshot_version) {
        malformed("version", "is not a known certificate snapshot version");
    }
    Certificate c;
    c.organisation = organisation_from(field_of(j, "organisation"));
    c.trainee_name = read_string(j, "trainee_name");
    c.employer = read_optional_string(j, "employer");
    c.course_title = read_string(j, "course_title");
    c.starts_on = read_date(j, "starts_on");
    c.ends_on = read_date(j, "ends_on");
    c.planned_minutes = read_minutes(j, "planned_minutes");
    c.attended_minutes = read_minutes(j, "attended_minutes");
    c.issued_on = read_date(j, "issued_on");
    return c;
}

json to_json(const Attestation& a) {
    json j = to_json(a.facts);
    j["objectives"] = a.objectives;
    j["assessment_methods"] = a.assessment_methods;
    j["results"] = a.results;
    return j;
}

Attestation attestation_from_json(const json& j) {
    Attestation a;
    a.facts = certificate_from_json(j);
    a.objectives = read_string(j, "objectives");
    a.assessment_methods = read_string(j, "assessment_methods");
    const json& results = field_of(j, "results");
    if (!results.is_array()) {
        malformed("results", "is not a list");
    }
    for (const json& result : results) {
        if (!result.is_string()) {
            malformed("results", "holds something that is not a string");
        }
        a.results.push_back(result.get<std::string>());
    }
    return a;
}

json content_of(json snapshot) {
    snapshot.erase("issued_on");
    return snapshot;
}

}  // namespace formations::invoices
