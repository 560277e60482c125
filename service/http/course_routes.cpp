// Courses: the public sheet (indicators 1 and 2), its versions and their publication by staff,
// the programme and règlement intérieur as PDFs (indicator 9), the questionnaires of a course and
// its results per period.
#include "service/app/course_documents.hpp"
#include "service/app/course_sheets.hpp"
#include "service/app/evaluations.hpp"
#include "service/domain/iso8601.hpp"
#include "service/http/evidence_json.hpp"
#include "service/http/json_body.hpp"
#include "service/http/json_io.hpp"
#include "service/http/routes.hpp"

namespace formations::http {

using nlohmann::json;

namespace {

json course_json(const domain::Course& course) {
    return {{"code", course.code},
            {"title", course.title},
            {"duration_hours", course.duration_minutes / 60.0},
            {"half_day_hours", course.half_day_minutes / 60.0}};
}

json sheet_json(const domain::CourseSheet& sheet) {
    const auto& c = sheet.content;
    return {{"course", course_json(sheet.course)},
            {"version", sheet.version},
            {"published_at", sheet.published_at},
            {"published_on", format_date(sheet.published_on)},
            {"published_by", sheet.published_by},
            {"programme", c.programme},
            {"objectives", c.objectives},
            {"prerequisites", c.prerequisites},
            {"audience", c.audience},
            {"daily_hours", daily_hours_json(c.daily_hours)},
            {"teaching_methods", c.teaching_methods},
            {"assessment_methods", c.assessment_methods},
            {"access_delay_days", c.access_delay_days},
            {"access_delay_text", app::access_delay_text(c.access_delay_days)},
            {"accessibility", c.accessibility},
            {"referent",
             {{"name", c.referent_name},
              {"email", c.referent_email},
              {"phone", nullable(c.referent_phone)}}},
            {"contact", c.contact}};
}

json published_json(const app::PublishedSheet& published) {
    auto body = sheet_json(published.sheet);
    body["as_of"] = format_date(published.as_of);
    body["prices_cents"] = {{"self_funded", money_or_null(published.prices.self_funded)},
                            {"member", money_or_null(published.prices.member)},
                            {"non_member", money_or_null(published.prices.non_member)}};
    const auto& r = published.results;
    body["results"] = {{"as_of", format_date(r.as_of)},
                       {"from", format_date(r.from)},
                       {"trainees", r.trainees},
                       {"completion", rate_json(r.completion)},
                       {"satisfaction", rate_json(r.satisfaction)}};
    return body;
}

Result<app::CourseSheetInput> read_sheet_input(const json& body, std::optional<int>& version) {
    auto object =
        JsonObject::of(body, {"version", "programme", "objectives", "prerequisites", "audience",
                              "daily_hours", "teaching_methods", "assessment_methods",
                              "access_delay_days", "accessibility", "referent", "contact"});
    if (!object) {
        return object.error();
    }
    app::CourseSheetInput input;
    struct Text {
        const char* name;
        std::string* into;
    };
    for (auto [name, into] :
         {Text{"programme", &input.programme}, Text{"objectives", &input.objectives},
          Text{"prerequisites", &input.prerequisites}, Text{"audience", &input.audience},
          Text{"teaching_methods", &input.teaching_methods},
          Text{"assessment_methods", &input.assessment_methods},
          Text{"accessibility", &input.accessibility}, Text{"contact", &input.contact}}) {
        auto text = object->text(name);
        if (!text) {
            return text.error();
        }
        *into = text.value();
    }
    if (auto error = read_daily_hours(object.value(), input.daily_hours)) {
        return *error;
    }
    auto delay = object->optional_integer("access_delay_days");
    if (!delay) {
        return delay.error();
    }
    if (!delay.value()) {
        return Error::invalid("required", "Ce champ est obligatoire.", "access_delay_days");
    }
    input.access_delay_days = *delay.value();
    auto referent = object->object("referent", {"name", "email", "phone"});
    if (!referent) {
        return referent.error();
    }
    auto name = referent->text("name");
    if (!name) {
        return name.error();
    }
    input.referent_name = name.value();
    auto email = referent->text("email");
    if (!email) {
        return email.error();
    }
    input.referent_email = email.value();
    auto phone = referent->optional_text("phone");
    if (!phone) {
        return phone.error();
    }
    input.referent_phone = phone.value();
    auto base = object->optional_integer("version");
    if (!base) {
        return base.error();
    }
    version = base.value();
    return input;
}

Result<domain::QuestionnaireKind> kind_param(const Request& request) {
    auto kind = domain::parse_questionnaire_kind(request.param("kind"));
    if (!kind) {
        return Error::not_found("questionnaire_not_found",
                                "Ce questionnaire n'existe pas (needs, self_assessment, "
                                "satisfaction ou employer).");
    }
    return *kind;
}

Result<std::vector<app::QuestionInput>> read_questions(const json& body,
                                                       std::optional<int>& version) {
    auto object = JsonObject::of(body, {"version", "questions"});
    if (!object) {
        return object.error();
    }
    auto base = object->optional_integer("version");
    if (!base) {
        return base.error();
    }
    version = base.value();
    if (!object->has("questions")) {
        return Error::invalid("required", "Ce champ est obligatoire.", "questions");
    }
    auto items =
        object->objects("questions", {"label", "type", "options", "required"}, app::max_questions);
    if (!items) {
        return items.error();
    }
    std::vector<app::QuestionInput> questions;
    for (const auto& item : items.value()) {
        app::QuestionInput question;
        auto label = item.text("label");
        if (!label) {
            return label.error();
        }
        question.label = label.value();
        auto type = item.text("type");
        if (!type) {
            return type.error();
        }
        question.type = type.value();
        auto options = item.texts("options");
        if (!options) {
            return options.error();
        }
        question.options = options.value();
        auto required = item.optional_boolean("required");
        if (!required) {
            return required.error();
        }
        question.required = required.value().value_or(false);
        questions.push_back(std::move(question));
    }
    return questions;
}

json rules_json(const app::InternalRules& rules) {
    return {{"version", rules.version},
            {"text", rules.text},
            {"published_at", nullable(rules.published_at)},
            {"published_by", nullable(rules.published_by)}};
}

Result<std::string> read_rules_text(const json& body) {
    auto object = JsonObject::of(body, {"text"});
    if (!object) {
        return object.error();
    }
    return object->text("text");
}

void add_internal_rules_routes(Routes& routes, Context& context) {
    // Public: trainees receive it before registering (L6352-3, L6353-8).
    routes.add("GET", "/api/v1/internal-rules", [&context](const Request&) {
        return reply_with(app::internal_rules(context.database, context.billing), 200, rules_json);
    });
    routes.add("GET", "/api/v1/internal-rules.pdf", [&context](const Request&) {
        return pdf_reply(app::internal_rules_pdf(context.database, context.billing),
                         "reglement-interieur.pdf");
    });
    // Staff: every version published, the latest (in force) first.
    routes.add("GET", "/api/v1/internal-rules/versions",
               staff_route(context, staff_roles, [&context](const Request&, const app::Actor&) {
                   return reply_with(app::internal_rules_versions(context.database), 200,
                                     [](const std::vector<app::InternalRules>& versions) {
                                         json list = json::array();
                                         for (const auto& rules : versions) {
                                             list.push_back(rules_json(rules));
                                         }
                                         return json{{"versions", list}};
                                     });
               }));
    // A new version (201), or 200 when the text is the current one.
    routes.add(
        "PUT", "/api/v1/internal-rules",
        staff_route(
            context, session_managers, [&context](const Request& request, const app::Actor& actor) {
                auto text = read_body(request, read_rules_text);
                if (!text) {
                    return error_reply(text.error());
                }
                auto published = app::publish_internal_rules(context.database, context.clock, actor,
                                                             context.billing, text.value());
                if (!published) {
                    return error_reply(published.error());
                }
                return json_reply(published->published ? 201 : 200, rules_json(published->rules));
            }));
}

}  // namespace

void add_course_routes(Routes& routes, Context& context) {
    add_internal_rules_routes(routes, context);

    routes.add("GET", "/api/v1/courses/:code/programme.pdf", [&context](const Request& request) {
        const std::string code = request.param("code");
        return pdf_reply(app::programme_pdf(context.database, context.clock, context.billing, code),
                         "programme-" + code + ".pdf");
    });

    routes.add("GET", "/api/v1/courses", [&context](const Request&) {
        return reply_with(app::list_courses(context.database), 200,
                          [](const std::vector<domain::Course>& courses) {
                              json items = json::array();
                              for (const auto& course : courses) {
                                  items.push_back(course_json(course));
                              }
                              return json{{"courses", items}};
                          });
    });

    // The sheet in force today, or on `as_of` (YYYY-MM-DD, not in the future).
    routes.add("GET", "/api/v1/courses/:code/sheet", [&context](const Request& request) {
        auto as_of = query_date(request, "as_of");
        if (!as_of) {
            return error_reply(as_of.error());
        }
        return reply_with(app::course_sheet(context.database, context.clock, request.param("code"),
                                            as_of.value()),
                          200, published_json);
    });

    routes.add("GET", "/api/v1/courses/:code/sheet.txt", [&context](const Request& request) {
        auto as_of = query_date(request, "as_of");
        if (!as_of) {
            return error_reply(as_of.error());
        }
        auto sheet = app::course_sheet(context.database, context.clock, request.param("code"),
                                       as_of.value());
        if (!sheet) {
            return error_reply(sheet.error());
        }
        return Reply{200,
                     app::course_sheet_text(sheet.value()),
                     "text/plain; charset=utf-8",
                     {{"Content-Disposition", attachment("fiche-" + sheet->sheet.course.code + "-" +
                                                         format_date(sheet->as_of) + ".txt")}}};
    });

    routes.add("GET", "/api/v1/courses/:code/sheet/versions",
               staff_route(context, staff_roles, [&context](const Request& request, auto&) {
                   return reply_with(
                       app::course_sheet_versions(context.database, request.param("code")), 200,
                       [](const std::vector<domain::CourseSheet>& sheets) {
                           json versions = json::array();
                           for (const auto& sheet : sheets) {
                               versions.push_back(sheet_json(sheet));
                           }
                           return json{{"versions", versions}};
                       });
               }));

    // A new version (201), or 200 when the text is the current version's.
    routes.add("PUT", "/api/v1/courses/:code/sheet",
               staff_route(context, session_managers,
                           [&context](const Request& request, const app::Actor& actor) {
                               std::optional<int> version;
                               auto input = read_body(request, [&](const json& body) {
                                   return read_sheet_input(body, version);
                               });
                               if (!input) {
                                   return error_reply(input.error());
                               }
                               auto published = app::publish_course_sheet(
                                   context.database, context.clock, actor, request.param("code"),
                                   version, input.value());
                               if (!published) {
                                   return error_reply(published.error());
                               }
                               auto body = sheet_json(published->sheet);
                               body["published"] = published->published;
                               return json_reply(published->published ? 201 : 200, body);
                           }));

    routes.add("GET", "/api/v1/courses/:code/questionnaires/:kind",
               staff_route(context, staff_roles, [&context](const Request& request, auto&) {
                   auto kind = kind_param(request);
                   if (!kind) {
                       return error_reply(kind.error());
                   }
                   return reply_with(app::current_questionnaire(
                                         context.database, request.param("code"), kind.value()),
                                     200, questionnaire_json);
               }));

    routes.add(
        "PUT", "/api/v1/courses/:code/questionnaires/:kind",
        staff_route(
            context, session_managers, [&context](const Request& request, const app::Actor& actor) {
                auto kind = kind_param(request);
                if (!kind) {
                    return error_reply(kind.error());
                }
                std::optional<int> version;
                auto questions = read_body(
                    request, [&](const json& body) { return read_questions(body, version); });
                if (!questions) {
                    return error_reply(questions.error());
                }
                return reply_with(app::configure_questionnaire(
                                      context.database, context.clock, actor, request.param("code"),
                                      kind.value(), version, questions.value()),
                                  200, questionnaire_json);
            }));

    // Results of the course's sessions that ended from `from` to `to` (default: the last year).
    routes.add("GET", "/api/v1/courses/:code/evaluations",
               staff_route(context, session_managers, [&context](const Request& request, auto&) {
                   auto from = query_date(request, "from");
                   if (!from) {
                       return error_reply(from.error());
                   }
                   auto to = query_date(request, "to");
                   if (!to) {
                       return error_reply(to.error());
                   }
                   auto last = to.value().value_or(context.clock.now().today);
                   auto first = from.value().value_or(app::results_window_start(last));
                   return reply_with(app::course_evaluations(context.database,
                                                             request.param("code"), first, last),
                                     200, [](const app::CourseEvaluations& evaluations) {
                                         json results = json::array();
                                         for (const auto& result : evaluations.results) {
                                             results.push_back(survey_result_json(result));
                                         }
                                         return json{{"course", course_json(evaluations.course)},
                                                     {"from", format_date(evaluations.from)},
                                                     {"to", format_date(evaluations.to)},
                                                     {"results", results}};
                                     });
               }));
}

}  // namespace formations::http
