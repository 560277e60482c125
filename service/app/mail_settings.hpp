#pragma once
// How the service writes to people: who the messages come from, the links they carry, the
// signature, the SMTP server and the senders' pace, the reminders' delays. Read from the
// environment by the executable (FORMATIONS_SMTP_URL, FORMATIONS_MAIL_*, FORMATIONS_PUBLIC_URL…,
// see the README); the defaults suit deploy/run.sh.

#include <chrono>
#include <optional>
#include <string>

namespace formations::app {

struct Mailbox {
    std::string address;  // ASCII (mail/address.hpp)
    std::string name;     // shown by mail readers, may be empty
};

struct MailSettings {
    Mailbox from{"formation@exemple.invalid",
                 "Coopérer pour Entreprendre (DÉMONSTRATION – données fictives)"};
    std::optional<Mailbox> reply_to;
    // The base of the links in messages: https://formations.example.org (no trailing slash).
    std::string public_url = "http://127.0.0.1:8080";
    // The closing lines of every message ("\n" between lines).
    std::string signature = "L'équipe formation\nCoopérer pour Entreprendre";

    // None: nothing is sent; messages wait in the outbox until a server is configured.
    std::optional<std::string> smtp_url;
    int senders = 2;                       // threads of each process delivering the outbox
    int max_attempts = 10;                 // then the message is marked failed
    std::chrono::seconds first_retry{60};  // doubled after every temporary failure…
    std::chrono::seconds max_retry{std::chrono::hours(2)};  // …up to this
    std::chrono::seconds poll{2};  // how often an idle sender looks for due messages
    // How long a sender may hold a message it claimed: past it, another process takes it over
    // (its sender died mid-send). Longer than the SMTP timeout (60 s) plus the PDF rendering.
    std::chrono::seconds lease{std::chrono::minutes(10)};

    std::chrono::seconds scheduler_interval{60};  // between two passes of the scheduler
    int convocation_reminder_days = 7;            // before the first day; 0: no reminder
    int payment_reminder_days = 14;  // after the due date, then every as many days; 0: none
    int payment_reminder_count = 3;  // reminders per invoice at most
};

}  // namespace formations::app
