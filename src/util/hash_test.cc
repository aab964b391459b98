#include "util/hash.h"

#include <cstdio>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

namespace rungs {
namespace {

TEST(HashTest, Sha256InPartsIsTheSameAsWhole) {
  Sha256 sha;
  sha.Add("a");
  sha.Add("");
  sha.Add("bc");
  EXPECT_EQ(sha.Hex(), Sha256Hex("abc"));
}

TEST(HashTest, Sha256KnownVector) {
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(HashTest, FilesHashLikeTheirBytesAcrossBlocks) {
  const std::string path = testing::TempDir() + "/rungs-hash-test.bin";
  std::string bytes(3 << 20, 'x');  // three read blocks
  bytes += "abc";
  std::ofstream(path, std::ios::binary) << bytes;
  EXPECT_EQ(Sha256HexOfFile(path), Sha256Hex(bytes));
  std::remove(path.c_str());
  EXPECT_EQ(Sha256HexOfFile(path), "");
}

TEST(HashTest, UuidV5MatchesRfcExample) {
  // Python: uuid.uuid5(uuid.NAMESPACE_DNS, "www.example.com")
  EXPECT_EQ(UuidV5("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "www.example.com"),
            "2ed6657d-e927-568b-95e1-2665a8aea6a2");
  EXPECT_EQ(UuidV5("not-a-uuid", "x"), "");
}

}  // namespace
}  // namespace rungs
