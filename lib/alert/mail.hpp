#pragma once
// A notification as an Internet mail (RFC 5322 + MIME): Date and Message-ID fixed by the
// stored notification (a retry is the same mail), the subject in RFC 2047 encoded words when
// it is not plain ASCII, the body UTF-8 in quoted-printable. Text from check output can hold
// anything; none of it can end a header line or start a new header.
#include <string>
#include <string_view>
#include <vector>

#include "alert/message.hpp"

namespace virtcheck::alert {

// "<vc-...@kvm1>"
std::string message_id(const Message& message);

// A header value from any text: control characters become spaces; non-ASCII text becomes
// encoded words; long values are folded. Never contains a bare line break.
std::string header_text(std::string_view text);

// Quoted-printable (RFC 2045), lines of at most 76 characters, `newline` between lines.
std::string quoted_printable(std::string_view text, std::string_view newline);

// The whole mail, lines ended with `newline` ("\r\n" for SMTP, "\n" for sendmail).
std::string compose_mail(const Message& message, const std::string& from, const std::vector<std::string>& to,
                         std::string_view newline);

}  // namespace virtcheck::alert
