// Shared by the tests that run the real `rungs` binary (RUNGS_BINARY) as a user would: one
// runner that captures the exit code and output, a server started in the background, and
// scratch folders and files.
#ifndef RUNGS_CLI_TEST_SUPPORT_H_
#define RUNGS_CLI_TEST_SUPPORT_H_

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace rungs::test {

struct CommandRun {
  int exit_code = -1;
  std::string out;  // stdout and stderr together, unless the arguments redirect one
};

// Runs `{env} RUNGS_BINARY {args} 2>&1` through the shell. `env` is a prefix such as
// "RUNGS_PUBLIC_URL=https://x" or "env -u RUNGS_PUBLIC_URL"; quote arguments with ShellQuote.
inline CommandRun RunRungs(const std::string& args, const std::string& env = "") {
  CommandRun run;
  const std::string command =
      (env.empty() ? "" : env + " ") + std::string(RUNGS_BINARY) + " " + args + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return run;
  std::array<char, 4096> buffer;
  size_t n;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) run.out.append(buffer.data(), n);
  const int status = pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

// A `rungs serve --port 0 --data DIR` started in the background, with `env` ("NAME=value")
// added to its environment; its port is read from the first line it prints (0 when it did not
// start). The caller stops it (kill and waitpid).
struct RunningServer {
  pid_t pid = -1;
  int port = 0;
  std::string first_line;
};

inline RunningServer StartServer(const std::string& data_dir,
                                 const std::vector<std::string>& env = {}) {
  int fds[2];
  if (pipe(fds) != 0) return {};
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(fds[1], STDOUT_FILENO);
    dup2(fds[1], STDERR_FILENO);
    close(fds[0]);
    close(fds[1]);
    for (const std::string& e : env) putenv(const_cast<char*>(e.c_str()));
    execl(RUNGS_BINARY, RUNGS_BINARY, "serve", "--port", "0", "--data", data_dir.c_str(),
          static_cast<char*>(nullptr));
    _exit(127);
  }
  close(fds[1]);
  RunningServer server{pid, 0, ""};
  char c;
  while (read(fds[0], &c, 1) == 1 && c != '\n') server.first_line += c;
  close(fds[0]);
  const size_t at = server.first_line.find("http://127.0.0.1:");
  if (at != std::string::npos) server.port = std::atoi(server.first_line.c_str() + at + 17);
  return server;
}

inline std::string ShellQuote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

inline bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// A new, empty folder for one test, under the test temporary directory.
inline std::string FreshDir(const std::string& name) {
  static int counter = 0;
  const std::filesystem::path dir =
      std::filesystem::path(::testing::TempDir()) /
      (name + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

inline std::string WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace rungs::test

#endif  // RUNGS_CLI_TEST_SUPPORT_H_
