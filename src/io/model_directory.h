// model_directory.h — a model directory changes as one unit: whoever reads it sees the old model or
// the new one, never run B's weights next to run A's config, even if the writer is killed between
// two renames.
// Paper: none (infrastructure)
#pragma once

// A model is several files (config.json, the weights, vocab.txt, the sidecar, sentence-transformers'
// module folders such as 1_Pooling/, ...) and POSIX can
// rename only one at a time, so a save is a small write-ahead log:
//   1. every new file is written and fsync'ed into DIR/.simcse-staging/, with a MANIFEST of their names;
//   2. the commit point: rename .simcse-staging -> .simcse-commit (one atomic rename); from here on
//      the directory *is* the new model, and anyone who opens it finishes the save first;
//   3. roll forward: delete the old model's files the new one does not have, move each new file in,
//      remove .simcse-commit. Every step can be repeated, so a kill in the middle is finished by
//      the next reader (finish_interrupted_save) exactly as the writer would have finished it.
// A directory that does not exist yet is simpler: written as DIR.partial, then renamed to DIR.
// Other files in DIR (a training log, checkpoint-N/ folders, a lock file) are not part of the model
// and are left alone.

#include <functional>
#include <string>

namespace simcse {

// Calls `write(staging)` to write the new model's files into an empty staging folder, then makes
// them DIRECTORY's model files in one unit. An exception from `write` leaves DIRECTORY untouched.
void save_model_files(const std::string& directory, const std::function<void(const std::string& staging)>& write);

// Completes a save of DIRECTORY that was interrupted after its commit point (and removes the
// leftovers of one interrupted before it). Every function that reads a model directory calls this
// first; it costs one stat when there is nothing to do.
void finish_interrupted_save(const std::string& directory);

// Flushes a file's or a folder's contents to the disk (fsync), so that a rename made after it is
// never seen without the data it names; an error naming the path. (Search indexes use it too.)
void sync_path(const std::string& file_or_directory);

// For the crash-consistency tests: called with a short description before each step of a save that
// changes the disk ("commit", "rename config.json", ...). A test hook that never returns (_exit in a
// forked child) is a kill at exactly that point. Null by default.
void set_save_step_hook(std::function<void(const std::string& step)> hook);

}  // namespace simcse
