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

}  // namespace
}  // namespace virtcheck
