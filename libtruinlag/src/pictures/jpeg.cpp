#include "pictures/jpeg.hpp"

#include <turbojpeg.h>

#include <algorithm>
#include <memory>
#include <stdexcept>

namespace truinlag::pictures {
namespace {

// TurboJPEG handles are cheap; one per call keeps these functions free of
// shared state (they run on several pool threads at once).
struct HandleCloser {
  void operator()(void* handle) const { tjDestroy(handle); }
};
using Handle = std::unique_ptr<void, HandleCloser>;

Handle decompressor() {
  Handle handle(tjInitDecompress());
  if (!handle) throw std::runtime_error("libjpeg-turbo: cannot create a decompressor");
  return handle;
}

std::string mib(std::size_t bytes) {
  const std::size_t tenths = (bytes * 10 + (1u << 19)) >> 20;
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + " MiB";
}

const unsigned char* data_of(std::string_view bytes) {
  return reinterpret_cast<const unsigned char*>(bytes.data());
}

// The smallest of libjpeg-turbo's scaling factors (1/8 ... 1) whose scaled
// shorter side is still at least `min_side` (or 1 if none is large enough):
// decoding 4000x3000 at 1/8 gives 500x375, enough for a 256 thumbnail, in a
// 64th of the memory and a fraction of the time.
tjscalingfactor scale_for(const Header& header, int min_side) {
  int count = 0;
  const tjscalingfactor* factors = tjGetScalingFactors(&count);
  tjscalingfactor best{1, 1};
  int best_side = std::min(header.width, header.height);
  for (int i = 0; factors && i < count; ++i) {
    const int side =
        std::min(TJSCALED(header.width, factors[i]), TJSCALED(header.height, factors[i]));
    if (side >= min_side && side < best_side) {
      best = factors[i];
      best_side = side;
    }
  }
  return best;
}

// Decodes at `scale`. Warnings (a truncated file, bad Huffman data) count
// as errors: the rules refuse a picture that does not decode.
std::variant<Rgb, Problem> decode_scaled(std::string_view jpeg, const Header& header,
                                         tjscalingfactor scale) {
  Handle handle = decompressor();
  Rgb image;
  image.width = TJSCALED(header.width, scale);
  image.height = TJSCALED(header.height, scale);
  image.pixels.resize(static_cast<std::size_t>(image.width) * image.height * 3);
  if (tjDecompress2(handle.get(), data_of(jpeg), static_cast<unsigned long>(jpeg.size()),
                    reinterpret_cast<unsigned char*>(image.pixels.data()), image.width, 0,
                    image.height, TJPF_RGB, TJFLAG_STOPONWARNING) != 0) {
    return Problem{std::string("the JPEG does not decode: ") + tjGetErrorStr2(handle.get())};
  }
  return image;
}

// The largest centred square of `image`, scaled to side x side by
// averaging each output pixel's box of source pixels (nearest neighbour
// when the square is smaller than the thumbnail).
Rgb centred_square(const Rgb& image, int side) {
  const int square = std::min(image.width, image.height);
  const int left = (image.width - square) / 2;
  const int top = (image.height - square) / 2;
  Rgb out;
  out.width = out.height = side;
  out.pixels.resize(static_cast<std::size_t>(side) * side * 3);
  auto bounds = [&](int i) {
    const int from = static_cast<int>(static_cast<std::int64_t>(i) * square / side);
    const int to = static_cast<int>(static_cast<std::int64_t>(i + 1) * square / side);
    return std::pair{from, std::max(to, from + 1)};
  };
  for (int y = 0; y < side; ++y) {
    const auto [y0, y1] = bounds(y);
    for (int x = 0; x < side; ++x) {
      const auto [x0, x1] = bounds(x);
      std::uint64_t sum[3] = {0, 0, 0};
      for (int sy = y0; sy < y1; ++sy) {
        const auto* row = reinterpret_cast<const unsigned char*>(image.pixels.data()) +
                          (static_cast<std::size_t>(top + sy) * image.width + left) * 3;
        for (int sx = x0; sx < x1; ++sx) {
          for (int c = 0; c < 3; ++c) sum[c] += row[sx * 3 + c];
        }
      }
      const std::uint64_t n = static_cast<std::uint64_t>(y1 - y0) * (x1 - x0);
      for (int c = 0; c < 3; ++c) {
        out.pixels[(static_cast<std::size_t>(y) * side + x) * 3 + c] =
            static_cast<char>((sum[c] + n / 2) / n);
      }
    }
  }
  return out;
}

}  // namespace

std::variant<Header, Problem> check_header(std::string_view jpeg, const Limits& limits) {
  if (jpeg.size() > limits.max_bytes) {
    return Problem{"the picture has " + std::to_string(jpeg.size()) + " bytes (" +
                   mib(jpeg.size()) + "), the limit is " + std::to_string(limits.max_bytes) +
                   " bytes (" + mib(limits.max_bytes) + ")"};
  }
  if (jpeg.empty()) return Problem{"the picture is empty"};
  Handle handle = decompressor();
  Header header;
  int subsampling = 0, colourspace = 0;
  if (tjDecompressHeader3(handle.get(), data_of(jpeg), static_cast<unsigned long>(jpeg.size()),
                          &header.width, &header.height, &subsampling, &colourspace) != 0) {
    return Problem{std::string("not a JPEG: ") + tjGetErrorStr2(handle.get())};
  }
  const std::uint64_t pixels = static_cast<std::uint64_t>(header.width) * header.height;
  if (header.width <= 0 || header.height <= 0 || pixels > limits.max_pixels) {
    return Problem{"the JPEG header claims " + std::to_string(header.width) + "x" +
                   std::to_string(header.height) + " pixels (" + std::to_string(pixels) +
                   "), the limit is " + std::to_string(limits.max_pixels) + " pixels"};
  }
  return header;
}

std::variant<Prepared, Problem> prepare_proof(std::string jpeg, const Limits& limits) {
  auto header = check_header(jpeg, limits);
  if (auto* problem = std::get_if<Problem>(&header)) return *problem;
  const Header h = std::get<Header>(header);
  // The smallest scale: the cheapest full decode that still validates
  // every byte of the entropy-coded data.
  auto decoded = decode_scaled(jpeg, h, scale_for(h, 1));
  if (auto* problem = std::get_if<Problem>(&decoded)) return *problem;
  return Prepared{std::move(jpeg), h, std::nullopt};
}

std::variant<Prepared, Problem> prepare_profile(std::string jpeg, const Limits& limits) {
  auto header = check_header(jpeg, limits);
  if (auto* problem = std::get_if<Problem>(&header)) return *problem;
  const Header h = std::get<Header>(header);
  auto decoded = decode_scaled(jpeg, h, scale_for(h, kThumbnailSide));
  if (auto* problem = std::get_if<Problem>(&decoded)) return *problem;
  const Rgb thumbnail = centred_square(std::get<Rgb>(decoded), kThumbnailSide);
  return Prepared{std::move(jpeg), h, encode_rgb(thumbnail, 85)};
}

std::optional<Rgb> decode_rgb(std::string_view jpeg) {
  Handle handle = decompressor();
  Header header;
  int subsampling = 0, colourspace = 0;
  if (tjDecompressHeader3(handle.get(), data_of(jpeg), static_cast<unsigned long>(jpeg.size()),
                          &header.width, &header.height, &subsampling, &colourspace) != 0) {
    return std::nullopt;
  }
  auto decoded = decode_scaled(jpeg, header, tjscalingfactor{1, 1});
  if (auto* image = std::get_if<Rgb>(&decoded)) return std::move(*image);
  return std::nullopt;
}

std::string encode_rgb(const Rgb& image, int quality) {
  struct Compressor {
    void* handle = tjInitCompress();
    ~Compressor() { tjDestroy(handle); }
  } compressor;
  if (!compressor.handle) throw std::runtime_error("libjpeg-turbo: cannot create a compressor");
  unsigned char* out = nullptr;
  unsigned long size = 0;
  if (tjCompress2(compressor.handle, reinterpret_cast<const unsigned char*>(image.pixels.data()),
                  image.width, 0, image.height, TJPF_RGB, &out, &size, TJSAMP_420, quality,
                  0) != 0) {
    tjFree(out);
    throw std::runtime_error(std::string("libjpeg-turbo: ") + tjGetErrorStr2(compressor.handle));
  }
  std::string jpeg(reinterpret_cast<const char*>(out), size);
  tjFree(out);
  return jpeg;
}

}  // namespace truinlag::pictures
