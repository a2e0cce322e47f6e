#include "alert/mail.hpp"

#include <algorithm>
#include <cctype>

#include "alert/time_text.hpp"
#include "core/text.hpp"

namespace virtcheck::alert {
namespace {

std::string base64(std::string_view bytes) {
    static const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    std::size_t i = 0;
    for (; i + 2 < bytes.size(); i += 3) {
        unsigned v = (unsigned char)bytes[i] << 16 | (unsigned char)bytes[i + 1] << 8 | (unsigned char)bytes[i + 2];
        out += alphabet[v >> 18 & 63], out += alphabet[v >> 12 & 63], out += alphabet[v >> 6 & 63], out += alphabet[v & 63];
    }
    if (i + 1 == bytes.size()) {
        unsigned v = (unsigned char)bytes[i] << 16;
        out += alphabet[v >> 18 & 63], out += alphabet[v >> 12 & 63], out += "==";
    } else if (i + 2 == bytes.size()) {
        unsigned v = (unsigned char)bytes[i] << 16 | (unsigned char)bytes[i + 1] << 8;
        out += alphabet[v >> 18 & 63], out += alphabet[v >> 12 & 63], out += alphabet[v >> 6 & 63], out += '=';
    }
    return out;
}

std::string host_part(const std::string& host) {
    std::string out;
    for (char c : host) out += (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-') ? c : '-';
    return out.empty() ? "localhost" : out;
}

}  // namespace

std::string message_id(const Message& message) { return "<" + message.id + "@" + host_part(message.host) + ">"; }

std::string header_text(std::string_view text) {
    // escape_text turns line breaks and control bytes into visible escapes and invalid UTF-8
    // into \xNN: after it, the text is valid UTF-8 without a byte below 0x20.
    std::string clean = escape_text(cut_utf8(text, 400));
    bool ascii = std::all_of(clean.begin(), clean.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    const std::string folding = "\r\n ";
    if (ascii) {
        // Fold at spaces so that no line is longer than 78 characters where possible.
        std::string out;
        std::size_t line = 9;  // "Subject: "
        std::size_t start = 0;
        while (start < clean.size()) {
            std::size_t space = clean.find(' ', start + 1);
            std::string word = clean.substr(start, space == std::string::npos ? std::string::npos : space - start);
            if (line + word.size() > 76 && !out.empty() && word.front() == ' ') {
                out += folding.substr(0, 2);
                line = 0;
            }
            out += word;
            line += word.size();
            start = space == std::string::npos ? clean.size() : space;
        }
        return out;
    }
    // Encoded words of at most 75 characters, each holding whole UTF-8 sequences.
    std::string out;
    std::string_view rest = clean;
    while (!rest.empty()) {
        std::string_view chunk = cut_utf8(rest, 45);
        if (chunk.empty()) chunk = rest.substr(0, 1);
        if (!out.empty()) out += folding;
        out += "=?UTF-8?B?" + base64(chunk) + "?=";
        rest.remove_prefix(chunk.size());
    }
    return out;
}

std::string quoted_printable(std::string_view text, std::string_view newline) {
    std::string out;
    static const char* hex = "0123456789ABCDEF";
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('\n', start);
        std::string_view line = text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        std::size_t column = 0;
        for (std::size_t i = 0; i < line.size(); ++i) {
            unsigned char c = static_cast<unsigned char>(line[i]);
            bool last = i + 1 == line.size();
            std::string piece;
            if ((c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !last))
                piece = std::string(1, static_cast<char>(c));
            else
                piece = {'=', hex[c >> 4], hex[c & 15]};
            // '.' at the start of a line is encoded so that no SMTP dot-stuffing question arises.
            if (column == 0 && c == '.') piece = "=2E";
            if (column + piece.size() > 75) {
                out += "=";
                out += newline;
                column = 0;
            }
            out += piece;
            column += piece.size();
        }
        if (end == std::string_view::npos) break;
        out += newline;
        start = end + 1;
    }
    return out;
}

std::string compose_mail(const Message& message, const std::string& from, const std::vector<std::string>& to,
                         std::string_view newline) {
    std::string recipients;
    for (const auto& address : to) recipients += (recipients.empty() ? "" : ", ") + address;
    std::string nl(newline);
    auto fold = [&](std::string value) {
        // header_text folds with CRLF; use this mail's own line ending.
        if (nl != "\r\n")
            for (std::size_t at; (at = value.find("\r\n")) != std::string::npos;) value.replace(at, 2, nl);
        return value;
    };
    std::string mail;
    mail += "Date: " + mail_date(message.time) + nl;
    mail += "From: " + from + nl;
    mail += "To: " + recipients + nl;
    mail += "Subject: " + fold(header_text(subject(message))) + nl;
    mail += "Message-ID: " + message_id(message) + nl;
    mail += "MIME-Version: 1.0" + nl;
    mail += "Content-Type: text/plain; charset=UTF-8" + nl;
    mail += "Content-Transfer-Encoding: quoted-printable" + nl;
    mail += "Auto-Submitted: auto-generated" + nl;
    mail += "X-Virtcheck-Notification: " + message.id + nl;
    mail += "X-Virtcheck-Type: " + message.type + nl;
    mail += "X-Virtcheck-Service: " + fold(header_text(message.service)) + nl;
    mail += "X-Virtcheck-State: " + std::string(status_name(message.state)) + nl;
    mail += nl;
    mail += quoted_printable(body_text(message), newline);
    return mail;
}

}  // namespace virtcheck::alert
