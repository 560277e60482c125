#include "service/storage/course_sheet_repository.hpp"

#include "service/storage/rows.hpp"

namespace formations::storage {
namespace {

constexpr const char* select_courses =
    "SELECT id, code, title, duration_minutes, half_day_minutes, programme FROM courses";

domain::Course to_course(const soci::row& row) {
    return {row.get<long long>("id"),         row.get<std::string>("code"),
            row.get<std::string>("title"),    row.get<int>("duration_minutes"),
            row.get<int>("half_day_minutes"), row.get<std::string>("programme")};
}

std::string select_sheets() {
    return "SELECT version, programme, objectives, prerequisites, audience, " +
           daily_hours_text("course_sheets") +
           ", teaching_methods, assessment_methods, access_delay_days, accessibility,"
           " referent_name, referent_email, referent_phone, contact, " +
           utc_text("published_at") +
           " AS published_at, published_by"
           " FROM course_sheets WHERE course_id = :course";
}

SheetVersion to_sheet(const soci::row& row) {
    SheetVersion sheet;
    sheet.version = row.get<int>("version");
    auto& c = sheet.content;
    c.programme = row.get<std::string>("programme");
    c.objectives = row.get<std::string>("objectives");
    c.prerequisites = row.get<std::string>("prerequisites");
    c.audience = row.get<std::string>("audience");
    c.daily_hours = daily_hours_columns(row);
    c.teaching_methods = row.get<std::string>("teaching_methods");
    c.assessment_methods = row.get<std::string>("assessment_methods");
    c.access_delay_days = row.get<int>("access_delay_days");
    c.accessibility = row.get<std::string>("accessibility");
    c.referent_name = row.get<std::string>("referent_name");
    c.referent_email = row.get<std::string>("referent_email");
    c.referent_phone = optional_text(row, "referent_phone");
    c.contact = row.get<std::string>("contact");
    sheet.published_at = row.get<std::string>("published_at");
    sheet.published_by = row.get<std::string>("published_by");
    return sheet;
}

}  // namespace

std::vector<domain::Course> list_courses(soci::session& sql) {
    soci::rowset<soci::row> rows = sql.prepare << std::string(select_courses) + " ORDER BY code";
    std::vector<domain::Course> courses;
    for (const auto& row : rows) {
        courses.push_back(to_course(row));
    }
    return courses;
}

std::optional<domain::Course> find_course(soci::session& sql, const std::string& code, bool lock) {
    std::string key = code;
    soci::row row;
    sql << std::string(select_courses) + " WHERE code = :code" + (lock ? " FOR UPDATE" : ""),
        soci::use(key), soci::into(row);
    if (!sql.got_data()) {
        return std::nullopt;
    }
    return to_course(row);
}

std::optional<SheetVersion> sheet_in_force(soci::session& sql, std::int64_t course_id,
                                           std::optional<Instant> before) {
    long long course = course_id;
    std::string limit = before ? timestamp(*before) : "infinity";
    soci::row row;
    sql << select_sheets() +
               " AND published_at < CAST(:before AS timestamptz) ORDER BY version DESC LIMIT 1",
        soci::use(course), soci::use(limit), soci::into(row);
    if (!sql.got_data()) {
        return std::nullopt;
    }
    return to_sheet(row);
}

std::vector<SheetVersion> sheet_versions(soci::session& sql, std::int64_t course_id) {
    long long course = course_id;
    soci::rowset<soci::row> rows =
        (sql.prepare << select_sheets() + " ORDER BY version", soci::use(course));
    std::vector<SheetVersion> versions;
    for (const auto& row : rows) {
        versions.push_back(to_sheet(row));
    }
    return versions;
}

void insert_sheet_version(soci::session& sql, std::int64_t course_id, int version,
                          const domain::CourseSheetContent& c, Instant at,
                          const std::string& actor) {
    long long course = course_id;
    int number = version, delay = c.access_delay_days;
    std::string programme = c.programme, objectives = c.objectives, prerequisites = c.prerequisites,
                audience = c.audience, teaching = c.teaching_methods,
                assessment = c.assessment_methods, accessibility = c.accessibility,
                referent_name = c.referent_name, referent_email = c.referent_email,
                referent_phone = c.referent_phone.value_or(""), contact = c.contact,
                published_at = timestamp(at), by = actor;
    soci::indicator phone_indicator = c.referent_phone ? soci::i_ok : soci::i_null;
    auto times = daily_hours_values(c.daily_hours);
    sql << "INSERT INTO course_sheets (course_id, version, programme, objectives, prerequisites,"
           " audience, morning_start, morning_end, afternoon_start, afternoon_end,"
           " teaching_methods, assessment_methods, access_delay_days, accessibility,"
           " referent_name, referent_email, referent_phone, contact, published_at, published_by)"
           " VALUES (:course, :version, :programme, :objectives, :prerequisites, :audience,"
           " CAST(:morning_start AS time), CAST(:morning_end AS time),"
           " CAST(:afternoon_start AS time), CAST(:afternoon_end AS time), :teaching,"
           " :assessment, :delay, :accessibility, :referent_name, :referent_email,"
           " :referent_phone, :contact, CAST(:published_at AS timestamptz), :by)",
        soci::use(course), soci::use(number), soci::use(programme), soci::use(objectives),
        soci::use(prerequisites), soci::use(audience), soci::use(times[0]), soci::use(times[1]),
        soci::use(times[2]), soci::use(times[3]), soci::use(teaching), soci::use(assessment),
        soci::use(delay), soci::use(accessibility), soci::use(referent_name),
        soci::use(referent_email), soci::use(referent_phone, phone_indicator), soci::use(contact),
        soci::use(published_at), soci::use(by);
}

std::vector<domain::TraineeOutcome> trainee_outcomes(soci::session& sql, std::int64_t course_id,
                                                     boost::gregorian::date from,
                                                     boost::gregorian::date to) {
    long long course = course_id;
    std::string first = iso(from), last = iso(to);
    soci::rowset<soci::row> rows =
        (sql.prepare << "SELECT r.id,"
                        " CASE WHEN EXISTS (SELECT 1 FROM attendance a JOIN registrations o"
                        "   ON o.id = a.registration_id WHERE o.session_id = s.id)"
                        "   THEN 1 ELSE 0 END AS recorded,"
                        " (SELECT count(*) FROM attendance a WHERE a.registration_id = r.id"
                        "   AND a.present)::integer * c.half_day_minutes AS attended,"
                        " c.duration_minutes AS planned"
                        " FROM registrations r JOIN sessions s ON s.id = r.session_id"
                        " JOIN courses c ON c.id = s.course_id"
                        " WHERE s.course_id = :course AND s.status <> 'cancelled'"
                        " AND r.status = 'confirmed'"
                        " AND s.ends_on BETWEEN CAST(:first AS date) AND CAST(:last AS date)"
                        " ORDER BY r.id",
         soci::use(course), soci::use(first), soci::use(last));
    std::vector<domain::TraineeOutcome> outcomes;
    for (const auto& row : rows) {
        outcomes.push_back({row.get<long long>("id"), row.get<int>("recorded") == 1,
                            row.get<int>("attended"), row.get<int>("planned")});
    }
    return outcomes;
}

}  // namespace formations::storage
