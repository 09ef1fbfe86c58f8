// test_crash_consistency.cc — a model directory is always the old model or the new one. A forked
// child runs a whole training and is killed (_exit, no clean-up) at the N-th step of any save that
// changes the disk — every staging write, commit, removal and rename, of the best-model save to
// output_dir and of every checkpoint-K — for N = 1, 2, ... until a child finishes. After each kill
// the parent opens the directories as every reader does and checks that output_dir holds exactly
// the files of the model it held before the run or exactly those of the run's final model, and
// that each checkpoint-K is either absent or exactly the uninterrupted run's checkpoint-K.
// This binary runs with one thread: forking a process that has started OpenMP threads is unsafe.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <map>

#include "file_helpers.h"
#include "io/model_directory.h"
#include "simcse/saved_model.h"
#include "simcse/trainer.h"
#include "tiny_training.h"

namespace simcse {
namespace {

namespace fs = std::filesystem;

using Files = std::map<std::string, std::string>;  // file name -> bytes

// The model files of DIRECTORY (sub-folders, the log, the run record and the lock are not the model).
Files model_files(const fs::path& directory) {
  Files files;
  if (!fs::exists(directory)) return files;
  for (const auto& entry : fs::directory_iterator(directory)) {
    const std::string name = entry.path().filename().string();
    if (!entry.is_regular_file() || name == "training_log.jsonl" || name == "run_record.json" || name[0] == '.')
      continue;
    files[name] = testing::read_bytes(entry.path().string());
  }
  return files;
}

// "config.json (612 bytes), model.safetensors (...)": what a failure message shows of a model.
std::string describe(const Files& files) {
  std::string text;
  for (const auto& [name, bytes] : files) text += name + " (" + std::to_string(bytes.size()) + " bytes) ";
  return text.empty() ? "no model files" : text;
}

// checkpoint-K folders (a checkpoint-K.partial left by a kill is staging, not a checkpoint).
std::vector<std::string> checkpoint_names(const fs::path& directory) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(directory)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_directory() && name.rfind("checkpoint-", 0) == 0 && name.find('.') == std::string::npos)
      names.push_back(name);
  }
  return names;
}

class CrashConsistency : public ::testing::Test {
 protected:
  void SetUp() override {
    args_ = testing::tiny_training_arguments(dir_.path(), 16);
    args_.per_device_train_batch_size = 8;
    args_.max_steps = 4;
    args_.save_steps = 2;
    args_.logging_steps = 1;
    args_.learning_rate = 1e-3;
    args_.threads = 1;
  }

  // Trains into DIRECTORY in a child process killed at its N-th save step; true if it was killed
  // (false: the run finished before reaching step N).
  bool train_killed_at(const std::string& directory, int kill_at) {
    const pid_t child = ::fork();
    if (child == 0) {
      int steps = 0;
      set_save_step_hook([&](const std::string&) {
        if (++steps == kill_at) ::_exit(42);
      });
      TrainingArguments args = args_;
      args.output_dir = directory;
      try {
        train(args, {}, {});
      } catch (...) {
        ::_exit(1);
      }
      ::_exit(0);
    }
    int status = 0;
    ::waitpid(child, &status, 0);
    EXPECT_TRUE(WIFEXITED(status)) << "the child crashed at save step " << kill_at;
    EXPECT_NE(WEXITSTATUS(status), 1) << "the child's training failed (save step " << kill_at << ")";
    return WEXITSTATUS(status) == 42;
  }

  // Kills a run at every save step in turn, starting each time from a copy of `before` (a model
  // directory, or none), and checks what a reader then finds.
  void check_every_kill_point(const fs::path& before) {
    // The uninterrupted run, for reference.
    const fs::path reference = dir_ / "reference";
    if (fs::exists(before)) fs::copy(before, reference, fs::copy_options::recursive);
    TrainingArguments args = args_;
    args.output_dir = reference.string();
    train(args, {}, {});
    const Files old_model = model_files(before), new_model = model_files(reference);
    ASSERT_FALSE(new_model.empty());
    ASSERT_NE(old_model, new_model);
    ASSERT_EQ(checkpoint_names(reference).size(), 2u);

    int kills = 0;
    for (int kill_at = 1;; ++kill_at) {
      const fs::path work = dir_ / ("killed-" + std::to_string(kill_at));
      if (fs::exists(before)) fs::copy(before, work, fs::copy_options::recursive);
      if (!train_killed_at(work.string(), kill_at)) break;
      ++kills;
      if (!fs::exists(work)) continue;  // killed before output_dir was created: still "old" (none)
      finish_interrupted_save(work.string());  // what every reader does first
      const Files found = model_files(work);
      EXPECT_TRUE(found == old_model || found == new_model)
          << "killed at save step " << kill_at << ": output_dir is neither the old model nor the new one: "
          << describe(found);
      for (const std::string& name : checkpoint_names(work)) {
        finish_interrupted_save((work / name).string());
        const Files checkpoint = model_files(work / name);
        EXPECT_TRUE(checkpoint == model_files(reference / name))
            << "killed at save step " << kill_at << ": " << name << " is not the complete checkpoint: "
            << describe(checkpoint);
      }
      fs::remove_all(work);
    }
    // Two checkpoints and a final save: many points, each of them a kill.
    EXPECT_GT(kills, 20);
  }

  testing::TempDir dir_;
  TrainingArguments args_;
};

TEST_F(CrashConsistency, AFreshOutputDirectoryIsNothingOrTheNewModel) { check_every_kill_point(dir_ / "none"); }

TEST_F(CrashConsistency, AnOverwrittenOutputDirectoryIsTheOldModelOrTheNewOne) {
  // Run A leaves a model; run B (another seed) overwrites it.
  TrainingArguments first = args_;
  first.output_dir = dir_ / "run_a";
  first.seed = 1;
  first.save_steps = 0;
  train(first, {}, {});
  args_.overwrite_output_dir = true;
  check_every_kill_point(dir_ / "run_a");
}

}  // namespace
}  // namespace simcse
