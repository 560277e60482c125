#include "service/mail/calendar.hpp"

#include <libical/ical.h>
#include <cstdlib>
#include <memory>
#include <stdexcept>

namespace formations::mail {
namespace {

struct ComponentDeleter {
    void operator()(icalcomponent* component) const { icalcomponent_free(component); }
};
using Component = std::unique_ptr<icalcomponent, ComponentDeleter>;

icaltimetype utc(Instant instant) {
    return icaltime_from_timet_with_zone(std::chrono::system_clock::to_time_t(instant), 0,
                                         icaltimezone_get_utc_timezone());
}

}  // namespace

std::string calendar_file(const Calendar& calendar) {
    bool cancel = calendar.method == CalendarMethod::cancel;
    Component root(icalcomponent_new_vcalendar());
    icalcomponent_add_property(root.get(), icalproperty_new_version("2.0"));
    icalcomponent_add_property(root.get(),
                               icalproperty_new_prodid("-//formations//Creer sa CAE//FR"));
    icalcomponent_add_property(
        root.get(), icalproperty_new_method(cancel ? ICAL_METHOD_CANCEL : ICAL_METHOD_PUBLISH));
    for (const auto& event : calendar.events) {
        icalcomponent* vevent = icalcomponent_new_vevent();
        icalcomponent_add_property(vevent, icalproperty_new_uid(event.uid.c_str()));
        icalcomponent_add_property(vevent, icalproperty_new_dtstamp(utc(calendar.stamp)));
        icalcomponent_add_property(vevent, icalproperty_new_dtstart(utc(event.start)));
        icalcomponent_add_property(vevent, icalproperty_new_dtend(utc(event.end)));
        icalcomponent_add_property(vevent, icalproperty_new_sequence(calendar.sequence));
        icalcomponent_add_property(vevent, icalproperty_new_summary(event.summary.c_str()));
        icalcomponent_add_property(vevent, icalproperty_new_location(event.location.c_str()));
        icalcomponent_add_property(vevent, icalproperty_new_description(event.description.c_str()));
        if (!event.url.empty()) {
            icalcomponent_add_property(vevent, icalproperty_new_url(event.url.c_str()));
        }
        auto* organizer =
            icalproperty_new_organizer(("mailto:" + calendar.organizer_email).c_str());
        icalproperty_add_parameter(organizer,
                                   icalparameter_new_cn(calendar.organizer_name.c_str()));
        icalcomponent_add_property(vevent, organizer);
        icalcomponent_add_property(vevent, icalproperty_new_status(cancel ? ICAL_STATUS_CANCELLED
                                                                          : ICAL_STATUS_CONFIRMED));
        icalcomponent_add_property(vevent, icalproperty_new_transp(ICAL_TRANSP_OPAQUE));
        icalcomponent_add_component(root.get(), vevent);
    }
    char* text = icalcomponent_as_ical_string_r(root.get());
    if (text == nullptr) {
        throw std::runtime_error("libical could not write the calendar");
    }
    std::string result(text);
    std::free(text);
    return result;
}

}  // namespace formations::mail
