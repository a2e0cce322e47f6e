// The state file: format, corruption, and refusing files that are not safely ours.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "core/errors.hpp"
#include "core/state_store.hpp"

namespace virtcheck {
namespace {

namespace fs = std::filesystem;

class StateStoreTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("virtcheck-state-" + std::to_string(getpid()));
        fs::remove_all(dir_);
        setenv("VIRTCHECK_STATE_DIR", (dir_ / "state").c_str(), 1);
    }
    void TearDown() override {
        unsetenv("VIRTCHECK_STATE_DIR");
        fs::remove_all(dir_);
    }
    fs::path dir_;
};

TEST(SampleFormat, RoundTripsAndRejectsGarbage) {
    Sample sample{1700000000.25, {{"vm/1/cpu", 123456789012.0}, {"name with space", 1}}};
    auto back = parse_sample(format_sample(sample));
    ASSERT_TRUE(back);
    EXPECT_DOUBLE_EQ(back->time, sample.time);
    EXPECT_EQ(back->counters, sample.counters);
    for (const char* bad : {"", "virtcheck-state 1\n", "virtcheck-state 2\ntime\t1\n", "virtcheck-state 1\ntime\tx\n",
                            "virtcheck-state 1\ntime\t1\nkey\t1e5\n", "virtcheck-state 1\ntime\t1\nnokey\n"})
        EXPECT_FALSE(parse_sample(bad)) << bad;
}

// A file cut short inside a counter ("vm/.../cpu<TAB>179") once gave a false 100 % CPU.
TEST(SampleFormat, ATornOrAlteredFileIsNeverTrusted) {
    Sample sample{1700000000, {{"vm/5b0c/2/cpu", 179123456789.0}, {"vm/5b0c/2/vcpu.0", 42}, {"vm/77aa/3/cpu", 5}}};
    const std::string text = format_sample(sample);
    ASSERT_TRUE(parse_sample(text));
    for (std::size_t cut = 0; cut < text.size(); ++cut)
        EXPECT_FALSE(parse_sample(text.substr(0, cut))) << "accepted a file cut after " << cut << " bytes:\n"
                                                          << text.substr(0, cut);
    std::string altered = text;
    altered[text.find("179") + 1] = '8';
    EXPECT_FALSE(parse_sample(altered)) << "a changed digit went unnoticed";
    std::string reason;
    EXPECT_FALSE(parse_sample("virtcheck-state 1\ntime\t1\nkey\t5\n", &reason));
    EXPECT_NE(reason.find("older"), std::string::npos) << reason;
}

TEST_F(StateStoreTest, FirstRunThenSecondRun) {
    {
        StateStore store("check_test", "qemu:///system");
        EXPECT_FALSE(store.load());
        EXPECT_TRUE(store.problem().empty());
        store.save({100, {{"a", 1}}});
        struct stat info{};
        ASSERT_EQ(stat(store.path().c_str(), &info), 0);
        EXPECT_EQ(info.st_mode & 0777, 0600u);
        struct stat dir_info{};
        ASSERT_EQ(stat((dir_ / "state").c_str(), &dir_info), 0);
        EXPECT_EQ(dir_info.st_mode & 0777, 0700u);
    }
    StateStore again("check_test", "qemu:///system");
    auto sample = again.load();
    ASSERT_TRUE(sample);
    EXPECT_EQ(sample->counters.at("a"), 1);
    StateStore other_target("check_test", "test:///default");
    EXPECT_NE(other_target.path(), again.path());
}

TEST_F(StateStoreTest, CorruptFileIsReplacedWithANote) {
    {
        StateStore store("check_test", "k");
        store.load();
        { std::ofstream(store.path()) << "not a state file \x01\x02"; }
        auto sample = store.load();
        EXPECT_FALSE(sample);
        EXPECT_NE(store.problem().find("was unreadable and has been replaced"), std::string::npos);
        store.save({5, {}});
    }
    StateStore fresh("check_test", "k");
    EXPECT_TRUE(fresh.load());
}

TEST_F(StateStoreTest, SymlinkIsRefused) {
    std::string path;
    {
        StateStore store("check_test", "k");
        store.load();
        path = store.path();
    }
    fs::path target = dir_ / "elsewhere";
    { std::ofstream(target) << "precious"; }
    fs::create_symlink(target, path);
    StateStore again("check_test", "k");
    try {
        again.load();
        FAIL() << "followed a symlink";
    } catch (const UsageError& e) {
        EXPECT_NE(std::string(e.what()).find("is a symlink, refusing to follow it"), std::string::npos) << e.what();
    }
    std::ifstream in(target);
    std::string content;
    std::getline(in, content);
    EXPECT_EQ(content, "precious") << "the symlink's target must stay intact";
}

TEST_F(StateStoreTest, FileOfAnotherUserIsRefused) {
    if (geteuid() != 0) GTEST_SKIP() << "needs root to give a file to another user";
    {
        StateStore store("check_test", "k");
        store.load();
        store.save({1, {}});
        ASSERT_EQ(chown(store.path().c_str(), 65534, 65534), 0);
    }
    StateStore again("check_test", "k");
    EXPECT_THROW(again.load(), UsageError);
}

TEST_F(StateStoreTest, TornFileIsReplacedWithANote) {
    {
        StateStore store("check_test", "k");
        store.load();
        store.save({100, {{"vm/1/cpu", 179123456789.0}}});
        std::string text;
        {
            std::ifstream in(store.path());
            text.assign(std::istreambuf_iterator<char>(in), {});
        }
        std::ofstream(store.path(), std::ios::trunc) << text.substr(0, text.find("179") + 3);
    }
    StateStore again("check_test", "k");
    EXPECT_FALSE(again.load()) << "a torn record was trusted";
    EXPECT_NE(again.problem().find("has been replaced"), std::string::npos) << again.problem();
}

TEST_F(StateStoreTest, DirectoryOthersCanWriteIsRefused) {
    // Another local user could replace the lock file (root's checks then time out) or delete state.
    for (mode_t mode : {0777, 01777, 0770, 0702}) {
        fs::create_directories(dir_ / "state");
        ASSERT_EQ(chmod((dir_ / "state").c_str(), mode), 0);
        StateStore store("check_test", "k");
        try {
            store.load();
            ADD_FAILURE() << "accepted a state directory of mode " << std::oct << mode;
        } catch (const UsageError& e) {
            EXPECT_NE(std::string(e.what()).find("others can write to it"), std::string::npos) << e.what();
        }
        fs::remove_all(dir_ / "state");
    }
    setenv("VIRTCHECK_STATE_DIR", "/tmp", 1);
    StateStore in_tmp("check_test", "k");
    EXPECT_THROW(in_tmp.load(), UsageError) << "/tmp is world-writable, even for root";
}

TEST_F(StateStoreTest, LockFileOfAnotherUserIsRefused) {
    if (geteuid() != 0) GTEST_SKIP() << "needs root to give a file to another user";
    std::string lock;
    {
        StateStore store("check_test", "k");
        store.load();
        lock = store.path() + ".lock";
    }
    ASSERT_EQ(chown(lock.c_str(), 65534, 65534), 0);
    StateStore again("check_test", "k");
    try {
        again.load();
        ADD_FAILURE() << "used a lock file of another user";
    } catch (const UsageError& e) {
        EXPECT_NE(std::string(e.what()).find("belongs to another user"), std::string::npos) << e.what();
    }
}

// Where the state goes when nothing names a directory; never a predictable /tmp path.
TEST(StateDirectory, ChosenFromTheEnvironmentNeverUnderTmp) {
    auto tmp = fs::temp_directory_path() / ("virtcheck-sysdir-" + std::to_string(getpid()));
    fs::remove_all(tmp);
    StateEnvironment env;
    env.uid = 1234;
    env.system_directory = tmp.string();
    try {
        std::string chosen = state_directory(env);
        ADD_FAILURE() << "without HOME a directory was chosen: " << chosen;
    } catch (const UsageError& e) {
        EXPECT_NE(std::string(e.what()).find("VIRTCHECK_STATE_DIR"), std::string::npos) << e.what();
    }
    env.home = "/home/u";
    EXPECT_EQ(state_directory(env), "/home/u/.local/state/virtcheck");
    // /var/lib/virtcheck/UID is used once it exists, is the user's and private.
    fs::create_directories(tmp / "1234");
    ASSERT_EQ(chmod((tmp / "1234").c_str(), 0700), 0);
    if (geteuid() == 0) {
        ASSERT_EQ(chown((tmp / "1234").c_str(), 1234, 1234), 0);
        EXPECT_EQ(state_directory(env), (tmp / "1234").string());
    }
    env.xdg_state_home = "/home/u/.xdg";
    EXPECT_EQ(state_directory(env), "/home/u/.xdg/virtcheck");
    env.systemd_state_directory = "/var/lib/checks:/var/lib/other";
    EXPECT_EQ(state_directory(env), "/var/lib/checks") << "systemd's StateDirectory=, the first of them";
    env.explicit_directory = "/srv/state";
    EXPECT_EQ(state_directory(env), "/srv/state");
    StateEnvironment root;
    root.uid = 0;
    root.system_directory = tmp.string();
    EXPECT_EQ(state_directory(root), tmp.string());
    fs::remove_all(tmp);
}

}  // namespace
}  // namespace virtcheck
