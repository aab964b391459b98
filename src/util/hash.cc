#include "util/hash.h"

#include <openssl/evp.h>

#include <array>
#include <fstream>
#include <vector>

#include <fmt/format.h>

namespace rungs {
namespace {

std::vector<unsigned char> Digest(const EVP_MD* md, std::string_view data) {
  std::vector<unsigned char> out(EVP_MAX_MD_SIZE);
  unsigned int size = 0;
  EVP_Digest(data.data(), data.size(), out.data(), &size, md, nullptr);
  out.resize(size);
  return out;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string Sha256Hex(std::string_view data) {
  std::string hex;
  for (unsigned char b : Digest(EVP_sha256(), data)) hex += fmt::format("{:02x}", b);
  return hex;
}

Sha256::Sha256() : ctx_(EVP_MD_CTX_new()) {
  EVP_DigestInit_ex(static_cast<EVP_MD_CTX*>(ctx_), EVP_sha256(), nullptr);
}

Sha256::~Sha256() { EVP_MD_CTX_free(static_cast<EVP_MD_CTX*>(ctx_)); }

void Sha256::Add(std::string_view data) {
  EVP_DigestUpdate(static_cast<EVP_MD_CTX*>(ctx_), data.data(), data.size());
}

std::string Sha256::Hex() {
  std::array<unsigned char, EVP_MAX_MD_SIZE> out{};
  unsigned int size = 0;
  EVP_DigestFinal_ex(static_cast<EVP_MD_CTX*>(ctx_), out.data(), &size);
  std::string hex;
  for (unsigned int i = 0; i < size; ++i) hex += fmt::format("{:02x}", out[i]);
  return hex;
}

std::string Sha256HexOfFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  Sha256 sha;
  std::vector<char> block(1 << 20);
  while (in) {
    in.read(block.data(), static_cast<std::streamsize>(block.size()));
    sha.Add(std::string_view(block.data(), static_cast<size_t>(in.gcount())));
  }
  if (!in.eof()) return {};
  return sha.Hex();
}

std::string UuidV5(std::string_view namespace_uuid, std::string_view name) {
  std::string input;
  for (size_t i = 0; i < namespace_uuid.size();) {
    if (namespace_uuid[i] == '-') {
      ++i;
      continue;
    }
    if (i + 1 >= namespace_uuid.size()) return {};
    const int hi = HexValue(namespace_uuid[i]);
    const int lo = HexValue(namespace_uuid[i + 1]);
    if (hi < 0 || lo < 0) return {};
    input += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  if (input.size() != 16) return {};
  input.append(name);
  std::vector<unsigned char> hash = Digest(EVP_sha1(), input);
  hash[6] = static_cast<unsigned char>((hash[6] & 0x0F) | 0x50);
  hash[8] = static_cast<unsigned char>((hash[8] & 0x3F) | 0x80);
  std::string out;
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += fmt::format("{:02x}", hash[i]);
  }
  return out;
}

}  // namespace rungs
