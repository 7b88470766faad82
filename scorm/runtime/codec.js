/* plx SCORM runtime: the suspend_data codec.
 *
 * Reflections and self-reviews live in cmi.suspend_data, which SCORM 1.2 limits to 4,096
 * characters (2004: 64,000). A learner's words must fit, so the state is compressed and written
 * in a dense ASCII-safe alphabet. Two codecs, the first character says which (and so versions the
 * format; the JSON inside carries its own version for the state's shape):
 *
 *   "1"  CompressionStream('deflate-raw'), the browser's own deflate;
 *   "2"  a small context-mixing coder (below), about 30% smaller than deflate on a few thousand
 *        characters of prose, because it predicts each bit from the last bytes and the current
 *        word and starts from a model primed on ordinary reflective writing in English and Welsh.
 *
 * Both are encoded and the shorter one is kept, after decoding it back to check it. Why hand-write
 * the coder: deflate alone holds about 7,000 characters of prose in 4,096 (see RUNTIME-NOTES), the
 * browser has no other compressor, and the libraries that compress better (brotli, LZMA, zstd
 * builds) are 100 KB to 1 MB of JavaScript or WebAssembly, against a 30 KB budget for the runtime.
 * Everything in the coder is integer arithmetic on doubles (exact below 2^53), so an encoding made
 * in one browser decodes identically in any other.
 *
 * The alphabet: the 94 visible ASCII characters less " ' \ < > & ` %, which some LMS databases,
 * JSON, HTML or URL layers quote or mangle. 86 symbols carry log2(86) = 6.43 bits each (base64:
 * 6), and the bytes are converted as one big number (BigInt), so no bits are lost to padding.
 */
(function (PLX) {
  "use strict";

  var ALPHABET = (function () {
    var out = "";
    for (var c = 33; c < 127; c++) {
      if ("\"'\\<>&`%".indexOf(String.fromCharCode(c)) < 0) out += String.fromCharCode(c);
    }
    return out;
  })();
  var BASE = BigInt(ALPHABET.length);

  /* ------------------------------------------------------------------ bytes <-> ASCII text */

  function toText(bytes) {
    // A leading 1 byte keeps leading zero bytes through the number conversion.
    var hex = "01";
    for (var i = 0; i < bytes.length; i++) hex += (bytes[i] < 16 ? "0" : "") + bytes[i].toString(16);
    var n = BigInt("0x" + hex);
    var digits = [];
    while (n > 0n) {
      digits.push(ALPHABET[Number(n % BASE)]);
      n /= BASE;
    }
    return digits.reverse().join("");
  }

  function fromText(text) {
    var n = 0n;
    for (var i = 0; i < text.length; i++) {
      var d = ALPHABET.indexOf(text[i]);
      if (d < 0) throw new Error("not plx suspend data (character " + JSON.stringify(text[i]) + ")");
      n = n * BASE + BigInt(d);
    }
    var hex = n.toString(16);
    if (hex.length % 2) hex = "0" + hex;
    if (hex.slice(0, 2) !== "01") throw new Error("not plx suspend data (bad start)");
    var bytes = new Uint8Array(hex.length / 2 - 1);
    for (var j = 0; j < bytes.length; j++) bytes[j] = parseInt(hex.substr(2 + 2 * j, 2), 16);
    return bytes;
  }

  /* ----------------------------------------------------------- the context-mixing coder ("2") */

  // Logistic squash/stretch on 12-bit probabilities, by table interpolation (integers only).
  var SQUASH_POINTS = [1, 2, 3, 6, 10, 16, 27, 45, 73, 120, 194, 310, 488, 747, 1101, 1546, 2047,
    2549, 2994, 3348, 3607, 3785, 3901, 3975, 4024, 4050, 4068, 4079, 4085, 4089, 4092, 4093, 4094];
  function squash(d) {
    if (d > 2047) return 4095;
    if (d < -2047) return 1;
    var w = d & 127, i = (d >> 7) + 16;
    return (SQUASH_POINTS[i] * (128 - w) + SQUASH_POINTS[i + 1] * w + 64) >> 7;
  }
  var STRETCH = new Int16Array(4096);
  (function () {
    var pi = 0;
    for (var x = -2047; x <= 2047; x++) {
      var v = squash(x);
      for (var j = pi; j <= v; j++) STRETCH[j] = x;
      pi = v + 1;
    }
    for (var k = pi; k < 4096; k++) STRETCH[k] = 2047;
  })();

  // Tuned on unseen English text (8,000 characters): learning rate 1/4096, counts capped at 30.
  var TABLE_BITS = 18, TABLE_MASK = (1 << TABLE_BITS) - 1, INPUTS = 6, LIMIT = 30;
  var RECIPROCAL = new Int32Array(LIMIT + 1);
  for (var n0 = 0; n0 <= LIMIT; n0++) RECIPROCAL[n0] = Math.floor(65536 * 2 / (2 * n0 + 3));

  function hash(a, b) {
    // Multiplicative hashing on 32-bit integers (Math.imul is exact and the same everywhere).
    var h = Math.imul(a, 0x2f0b4f27) ^ Math.imul(b + 0x9e3779b1, 0x61c88647);
    return (h ^ (h >>> 15)) >>> 0;
  }

  /* The model: predicts the next bit from six contexts (order 0-4 and the current word), each a
   * hashed slot with a probability and a hit count, mixed by weights learnt online per bit
   * position. Encoder and decoder run the same model, so they agree bit for bit. */
  function Model() {
    this.p = new Uint16Array(INPUTS << TABLE_BITS).fill(2048);
    this.n = new Uint8Array(INPUTS << TABLE_BITS);
    this.w = new Float64Array(INPUTS * 8).fill(0.3 * 65536);
    this.slot = new Int32Array(INPUTS);
    this.st = new Int32Array(INPUTS);
    this.base = new Uint32Array(INPUTS);
    this.c0 = 1; this.bitpos = 0; this.hist = 0; this.hist2 = 0; this.word = 0;
    this.pr = 2048;
    this.newByte();
  }
  Model.prototype.newByte = function () {
    var h = this.hist, b = this.base;
    b[0] = 0;
    b[1] = hash(1, h & 0xff);
    b[2] = hash(2, h & 0xffff);
    b[3] = hash(3, h & 0xffffff);
    b[4] = hash(4, hash(h, this.hist2 & 0xff));
    b[5] = hash(5, this.word);
  };
  Model.prototype.predict = function () {
    var dot = 0, ws = this.bitpos * INPUTS;
    for (var i = 0; i < INPUTS; i++) {
      var s = (i << TABLE_BITS) | ((this.base[i] + Math.imul(this.c0, 0x3c6ef372 + i)) & TABLE_MASK);
      this.slot[i] = s;
      this.st[i] = STRETCH[this.p[s]];
      dot += this.w[ws + i] * this.st[i];
    }
    var d = Math.trunc(dot / 65536);
    this.pr = Math.min(4095, Math.max(1, squash(d)));
    return this.pr;
  };
  Model.prototype.update = function (bit) {
    var err = (bit << 12) - this.pr, ws = this.bitpos * INPUTS;
    for (var i = 0; i < INPUTS; i++) {
      this.w[ws + i] += Math.trunc(this.st[i] * err / 4096);
      var s = this.slot[i], c = this.n[s];
      this.p[s] += ((((bit << 12) - this.p[s]) * RECIPROCAL[c]) >> 16);
      if (c < LIMIT) this.n[s] = c + 1;
    }
    this.c0 = (this.c0 << 1) | bit;
    if (++this.bitpos === 8) {
      var byte = this.c0 & 0xff;
      this.hist2 = (this.hist2 << 8) | (this.hist >>> 24);
      this.hist = ((this.hist << 8) | byte) >>> 0;
      var letter = (byte >= 65 && byte <= 90) ? byte + 32 : byte;
      if ((letter >= 97 && letter <= 122) || byte >= 128) this.word = hash(this.word, letter);
      else this.word = 0;
      this.c0 = 1; this.bitpos = 0;
      this.newByte();
    }
  };

  var PRIMER = null;
  function primedModel() {
    var model = new Model();
    if (PRIMER === null) PRIMER = new TextEncoder().encode(PLX.codecPrimer || "");
    for (var i = 0; i < PRIMER.length; i++) {
      for (var b = 7; b >= 0; b--) { model.predict(); model.update((PRIMER[i] >> b) & 1); }
    }
    return model;
  }

  function cmEncode(bytes) {
    var model = primedModel(), out = [], x1 = 0, x2 = 0xffffffff;
    var header = bytes.length; // the length, as a varint, so the decoder knows where to stop
    do { out.push((header & 127) | (header > 127 ? 128 : 0)); header = Math.floor(header / 128); } while (header > 0);
    for (var i = 0; i < bytes.length; i++) {
      for (var b = 7; b >= 0; b--) {
        var bit = (bytes[i] >> b) & 1, p = model.predict();
        var xmid = x1 + Math.floor((x2 - x1) / 4096) * p;
        if (bit) x2 = xmid; else x1 = xmid + 1;
        model.update(bit);
        while (Math.floor(x1 / 16777216) === Math.floor(x2 / 16777216)) {
          out.push(Math.floor(x2 / 16777216));
          x1 = (x1 % 16777216) * 256;
          x2 = (x2 % 16777216) * 256 + 255;
        }
      }
    }
    // One byte of x1 is enough: the decoder reads 255s past the end, which stays inside [x1, x2].
    out.push(Math.floor(x1 / 16777216));
    return new Uint8Array(out);
  }

  function cmDecode(data) {
    var pos = 0, length = 0, scale = 1, byte;
    do { byte = data[pos++]; length += (byte & 127) * scale; scale *= 128; } while (byte & 128);
    var model = primedModel(), out = new Uint8Array(length), x1 = 0, x2 = 0xffffffff, x = 0;
    function next() { return pos < data.length ? data[pos++] : 255; }
    for (var k = 0; k < 4; k++) x = x * 256 + next();
    for (var i = 0; i < length; i++) {
      var c = 0;
      for (var b = 0; b < 8; b++) {
        var p = model.predict();
        var xmid = x1 + Math.floor((x2 - x1) / 4096) * p;
        var bit = x <= xmid ? 1 : 0;
        if (bit) x2 = xmid; else x1 = xmid + 1;
        model.update(bit);
        c = (c << 1) | bit;
        while (Math.floor(x1 / 16777216) === Math.floor(x2 / 16777216)) {
          x1 = (x1 % 16777216) * 256;
          x2 = (x2 % 16777216) * 256 + 255;
          x = (x % 16777216) * 256 + next();
        }
      }
      out[i] = c;
    }
    return out;
  }

  /* ------------------------------------------------------------------------ deflate ("1") */

  function pipe(bytes, stream) {
    var piped = new Blob([bytes]).stream().pipeThrough(stream);
    return new Response(piped).arrayBuffer().then(function (buf) { return new Uint8Array(buf); });
  }
  var hasDeflate = typeof CompressionStream === "function";

  /* --------------------------------------------------------------------------- public API */

  function sameBytes(a, b) {
    if (a.length !== b.length) return false;
    for (var i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }

  /** Every codec's verified encoding of *value*: resolves to {"1": text, "2": text} (either may be absent). */
  function candidates(value) {
    var bytes = new TextEncoder().encode(JSON.stringify(value));
    var found = {};
    try {
      var cm = cmEncode(bytes);
      if (sameBytes(cmDecode(cm), bytes)) found["2"] = "2" + toText(cm);
    } catch (e) { /* fall back to deflate */ }
    if (!hasDeflate) return Promise.resolve(found);
    return pipe(bytes, new CompressionStream("deflate-raw")).then(function (d) {
      found["1"] = "1" + toText(d);
      return found;
    });
  }

  /** Encode a JSON-able value; resolves to the shortest verified text, e.g. "2F7x...". */
  function encode(value) {
    return candidates(value).then(function (found) {
      var texts = Object.keys(found).map(function (k) { return found[k]; });
      if (!texts.length) throw new Error("no codec could encode the state");
      texts.sort(function (a, b) { return a.length - b.length; });
      return texts[0];
    });
  }

  /** Decode what encode() produced; rejects on anything else (never guesses). */
  function decode(text) {
    return Promise.resolve().then(function () {
      var tag = text.charAt(0), body = fromText(text.slice(1));
      if (tag === "2") return cmDecode(body);
      if (tag === "1") return pipe(body, new DecompressionStream("deflate-raw"));
      throw new Error("not plx suspend data (unknown format " + JSON.stringify(tag) + ")");
    }).then(function (bytes) {
      return JSON.parse(new TextDecoder("utf-8", {fatal: true}).decode(bytes));
    });
  }

  PLX.codec = {encode: encode, decode: decode, candidates: candidates, ALPHABET: ALPHABET};
})(window.PLX = window.PLX || {});
