#include "alert_support.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

extern char** environ;

namespace virtcheck::testing {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

bool wait_until(const std::function<bool()>& condition, double seconds) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (std::chrono::steady_clock::now() < deadline) {
        if (condition()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return condition();
}

std::string read_file(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

namespace {

std::string quoted_printable_decode(const std::string& text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '=' && i + 1 < text.size() && (text[i + 1] == '\r' || text[i + 1] == '\n')) {
            i += text[i + 1] == '\r' ? 2 : 1;
            continue;
        }
        if (text[i] == '=' && i + 2 < text.size() && std::isxdigit(static_cast<unsigned char>(text[i + 1]))) {
            out += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
            i += 2;
            continue;
        }
        if (text[i] != '\r') out += text[i];
    }
    return out;
}

Mail parse_mail(const std::string& raw) {
    Mail mail;
    mail.raw = raw;
    std::size_t end = raw.find("\r\n\r\n");
    std::size_t separator = 4;
    if (end == std::string::npos) end = raw.find("\n\n"), separator = 2;  // sendmail's LF mails
    std::string head = raw.substr(0, end);
    std::istringstream lines(head);
    for (std::string line; std::getline(lines, line);) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (!line.empty() && (line[0] == ' ' || line[0] == '\t') && !mail.header_lines.empty())
            mail.header_lines.back() += line;
        else
            mail.header_lines.push_back(line);
    }
    for (const auto& line : mail.header_lines) {
        auto colon = line.find(':');
        if (colon == std::string::npos) continue;
        std::string name = line.substr(0, colon);
        std::string value = line.substr(colon + 1);
        while (!value.empty() && value.front() == ' ') value.erase(0, 1);
        mail.headers.emplace(name, value);
    }
    if (end != std::string::npos) mail.body = quoted_printable_decode(raw.substr(end + separator));
    return mail;
}

std::vector<fs::path> files_in(const fs::path& dir, const std::string& extension) {
    std::vector<fs::path> files;
    if (!fs::exists(dir)) return files;
    for (const auto& entry : fs::directory_iterator(dir))
        if (entry.path().extension() == extension) files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    return files;
}

}  // namespace

void AlertTest::SetUp() {
    name_ = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::transform(name_.begin(), name_.end(), name_.begin(), [](unsigned char c) { return std::tolower(c); });
    name_ += "-" + std::to_string(getpid());  // receivers outlive a test binary: each run its own address
    dir_ = fs::temp_directory_path() / ("virtcheck-alert-" + name_);
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    peers_ = std::string(VIRTCHECK_PEER_STATE) + "/alert";
    ASSERT_TRUE(fs::exists(peers_ + "/ready")) << "the receivers are not running: tests/peers/alert_receivers.sh";
    vm(1);
}

void AlertTest::TearDown() {
    if (!HasFailure()) fs::remove_all(dir_);
}

std::string AlertTest::expand(std::string text) const {
    for (const auto& [key, value] : std::map<std::string, std::string>{
             {"@DIR@", dir_.string()}, {"@NAME@", name_}, {"@PEERS@", peers_}, {"@PLUGINS@", VIRTCHECK_PLUGIN_BUILD_DIR}})
        for (std::size_t at; (at = text.find(key)) != std::string::npos;) text.replace(at, key.size(), value);
    return text;
}

void AlertTest::write(const std::string& name, const std::string& text, int mode) {
    fs::path file = dir_ / name;
    std::ofstream(file, std::ios::binary | std::ios::trunc) << expand(text);
    fs::permissions(file, static_cast<fs::perms>(mode));
}

void AlertTest::vm(int runstate) {
    write("node.xml",
          "<node><cpu><mhz>2400</mhz><model>i686</model><active>4</active><nodes>1</nodes><sockets>1</sockets>"
          "<cores>4</cores><threads>1</threads></cpu><memory>8388608</memory>"
          "<domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'><name>web-03</name>"
          "<uuid>00000000-0000-5eed-0000-0000000000a1</uuid><memory>524288</memory><vcpu>1</vcpu>"
          "<os><type>hvm</type></os><test:runstate>" +
              std::to_string(runstate) + "</test:runstate></domain></node>\n");
}

void AlertTest::config(const std::string& defaults, const std::string& notifiers, const std::string& services) {
    std::string text = "[defaults]\ndatabase = \"alert.db\"\nhost = \"kvm1\"\npath = [\"@PLUGINS@\"]\n" + defaults + "\n";
    if (!contains(notifiers, "[notifier.mail]"))
        text += "[notifier.mail]\ntype = \"smtp\"\nurl = \"smtp://127.0.0.1:" + std::to_string(smtp_port) +
                "\"\nstarttls = \"never\"\nfrom = \"virtcheck@kvm1\"\nto = [\"@NAME@@example.org\"]\n";
    text += notifiers + "\n";
    text += services.empty() ? "[[service]]\nname = \"web\"\ncommand = [\"check_vm_state\", \"--uri\", \"test://@DIR@/node.xml\"]\n"
                               "object = \"test://@DIR@/node.xml\"\n"
                             : services;
    write("alert.toml", text);
}

Completed AlertTest::alert(const std::vector<std::string>& args, double now, std::map<std::string, std::string> env) {
    std::vector<std::string> argv{VIRTCHECK_ALERT_BIN, "--config", (dir_ / "alert.toml").string()};
    for (const auto& arg : args) argv.push_back(expand(arg));
    env.emplace("VIRTCHECK_NOW", std::to_string(static_cast<long long>(now)));
    env.emplace("TZ", "UTC");
    return run_program(argv, env);
}

pid_t AlertTest::start_alert(const std::vector<std::string>& args, double now, std::map<std::string, std::string> env) {
    std::vector<std::string> argv{VIRTCHECK_ALERT_BIN, "--config", (dir_ / "alert.toml").string()};
    for (const auto& arg : args) argv.push_back(expand(arg));
    env.emplace("VIRTCHECK_NOW", std::to_string(static_cast<long long>(now)));
    env.emplace("TZ", "UTC");
    std::vector<std::string> environment;
    for (char** e = environ; *e; ++e) {
        std::string entry = *e;
        if (!env.count(entry.substr(0, entry.find('=')))) environment.push_back(entry);
    }
    for (const auto& [key, value] : env) environment.push_back(key + "=" + value);
    std::vector<char*> c_env, c_argv;
    for (auto& e : environment) c_env.push_back(e.data());
    c_env.push_back(nullptr);
    for (auto& a : argv) c_argv.push_back(a.data());
    c_argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    std::string log = (dir_ / ("background-" + std::to_string(std::rand()) + ".log")).string();
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    pid_t pid = -1;
    int failed = posix_spawn(&pid, argv[0].c_str(), &actions, nullptr, c_argv.data(), c_env.data());
    posix_spawn_file_actions_destroy(&actions);
    EXPECT_EQ(failed, 0);
    return pid;
}

int AlertTest::finish(pid_t pid) {
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::vector<Mail> AlertTest::mails() const {
    std::vector<Mail> found;
    for (const auto& file : files_in(peers_ + "/smtp", ".eml")) {
        Mail mail = parse_mail(read_file(file));
        auto to = mail.headers.find("X-Envelope-To");
        if (to != mail.headers.end() && to->second == name_ + "@example.org") found.push_back(std::move(mail));
    }
    for (const auto& file : files_in(dir_ / "sendmail", ".eml")) found.push_back(parse_mail(read_file(file)));
    return found;
}

std::vector<nlohmann::json> AlertTest::hooks(const std::string& kind) const {
    std::vector<nlohmann::json> found;
    for (const auto& file : files_in(peers_ + "/http-" + kind, ".json")) {
        auto request = nlohmann::json::parse(read_file(file));
        if (request["path"] == "/" + name_) found.push_back(request);
    }
    return found;
}

nlohmann::json AlertTest::json_of(const Completed& run) const {
    try {
        return nlohmann::json::parse(run.out);
    } catch (const std::exception& error) {
        ADD_FAILURE() << "not JSON: " << run.out << run.err;
        return {};
    }
}

}  // namespace virtcheck::testing
