;; The vector index's inner loops (binary-index.ts), in WebAssembly SIMD (v128).
;; Assembled to knn-wasm.ts by `npm run build:wasm`; a test checks the bytes match this text.
;; Every address is a byte offset into the memory the index owns; codes are padded with
;; zero bytes to a multiple of 16, so every loop works on whole 16-byte vectors.
(module
  (import "env" "memory" (memory 1 65536))

  ;; Hamming distance from `query` to each of `count` bit codes of `stride` bytes at
  ;; `codes`: written as u16 to `dist`, and counted per distance in the u32 histogram
  ;; `hist` (zeroed by the caller). Per 16 bytes: XOR, a popcount per byte, and the byte
  ;; counts added pairwise into 16-bit lanes (no lane can overflow for any length).
  (func (export "hamming")
    (param $codes i32) (param $count i32) (param $stride i32) (param $query i32)
    (param $dist i32) (param $hist i32)
    (local $end i32) (local $j i32) (local $acc v128) (local $d i32) (local $at i32)
    (local.set $end (i32.add (local.get $codes) (i32.mul (local.get $count) (local.get $stride))))
    (block $done
      (loop $codes_loop
        (br_if $done (i32.ge_u (local.get $codes) (local.get $end)))
        (local.set $acc (v128.const i64x2 0 0))
        (local.set $j (i32.const 0))
        (loop $bytes
          (local.set $acc
            (i16x8.add (local.get $acc)
              (i16x8.extadd_pairwise_i8x16_u
                (i8x16.popcnt
                  (v128.xor
                    (v128.load (i32.add (local.get $codes) (local.get $j)))
                    (v128.load (i32.add (local.get $query) (local.get $j))))))))
          (local.set $j (i32.add (local.get $j) (i32.const 16)))
          (br_if $bytes (i32.lt_u (local.get $j) (local.get $stride))))
        (local.set $acc (i32x4.extadd_pairwise_i16x8_u (local.get $acc)))
        (local.set $d
          (i32.add
            (i32.add (i32x4.extract_lane 0 (local.get $acc)) (i32x4.extract_lane 1 (local.get $acc)))
            (i32.add (i32x4.extract_lane 2 (local.get $acc)) (i32x4.extract_lane 3 (local.get $acc)))))
        (i32.store16 (local.get $dist) (local.get $d))
        (local.set $at (i32.add (local.get $hist) (i32.shl (local.get $d) (i32.const 2))))
        (i32.store (local.get $at) (i32.add (i32.load (local.get $at)) (i32.const 1)))
        (local.set $dist (i32.add (local.get $dist) (i32.const 2)))
        (local.set $codes (i32.add (local.get $codes) (local.get $stride)))
        (br $codes_loop))))

  ;; The counting selection's second pass: the index of every distance below `cut`, and of
  ;; the first `at_cut` distances equal to it, in order, as i32 at `out`. Branch-free (the
  ;; index is written, then kept or overwritten), so `out` has room for one more. Returns
  ;; how many were picked.
  (func (export "pick")
    (param $dist i32) (param $count i32) (param $cut i32) (param $at_cut i32) (param $out i32)
    (result i32)
    (local $i i32) (local $k i32) (local $d i32) (local $take i32) (local $tie i32)
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $i) (local.get $count)))
        (local.set $d (i32.load16_u (i32.add (local.get $dist) (i32.shl (local.get $i) (i32.const 1)))))
        (local.set $tie
          (i32.and (i32.eq (local.get $d) (local.get $cut)) (i32.gt_s (local.get $at_cut) (i32.const 0))))
        (local.set $take (i32.or (i32.lt_u (local.get $d) (local.get $cut)) (local.get $tie)))
        (i32.store (i32.add (local.get $out) (i32.shl (local.get $k) (i32.const 2))) (local.get $i))
        (local.set $k (i32.add (local.get $k) (local.get $take)))
        (local.set $at_cut (i32.sub (local.get $at_cut) (local.get $tie)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $each)))
    (local.get $k))

  ;; The dot product of the i16 query at `query` (2 × `stride` bytes) with the int8 code of
  ;; each of `n` slots listed as i32 at `slots` (codes of `stride` bytes from `int8`),
  ;; written as i32 to `out`. Per 16 codes: sign-extend to two i16x8 and multiply-add
  ;; pairs into i32 lanes. Two slots at a time, so one code's memory latency overlaps the
  ;; other's (25 % faster than one at a time, measured): for an odd `n` the list holds one
  ;; more slot (any valid one) and `out` room for its score. The caller scales the query
  ;; so no sum can overflow.
  (func (export "dots")
    (param $int8 i32) (param $stride i32) (param $slots i32) (param $n i32) (param $query i32)
    (param $out i32)
    (local $end i32) (local $a i32) (local $b i32) (local $j i32) (local $q i32)
    (local $x v128) (local $y v128) (local $ca v128) (local $cb v128) (local $lo v128) (local $hi v128)
    (local.set $end (i32.add (local.get $slots) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $slots) (local.get $end)))
        (local.set $a
          (i32.add (local.get $int8) (i32.mul (i32.load (local.get $slots)) (local.get $stride))))
        (local.set $b
          (i32.add (local.get $int8) (i32.mul (i32.load offset=4 (local.get $slots)) (local.get $stride))))
        (local.set $x (v128.const i64x2 0 0))
        (local.set $y (v128.const i64x2 0 0))
        (local.set $j (i32.const 0))
        (local.set $q (local.get $query))
        (loop $bytes
          (local.set $lo (v128.load (local.get $q)))
          (local.set $hi (v128.load offset=16 (local.get $q)))
          (local.set $ca (v128.load (i32.add (local.get $a) (local.get $j))))
          (local.set $cb (v128.load (i32.add (local.get $b) (local.get $j))))
          (local.set $x
            (i32x4.add
              (i32x4.add (local.get $x)
                (i32x4.dot_i16x8_s (i16x8.extend_low_i8x16_s (local.get $ca)) (local.get $lo)))
              (i32x4.dot_i16x8_s (i16x8.extend_high_i8x16_s (local.get $ca)) (local.get $hi))))
          (local.set $y
            (i32x4.add
              (i32x4.add (local.get $y)
                (i32x4.dot_i16x8_s (i16x8.extend_low_i8x16_s (local.get $cb)) (local.get $lo)))
              (i32x4.dot_i16x8_s (i16x8.extend_high_i8x16_s (local.get $cb)) (local.get $hi))))
          (local.set $q (i32.add (local.get $q) (i32.const 32)))
          (local.set $j (i32.add (local.get $j) (i32.const 16)))
          (br_if $bytes (i32.lt_u (local.get $j) (local.get $stride))))
        (i32.store (local.get $out)
          (i32.add
            (i32.add (i32x4.extract_lane 0 (local.get $x)) (i32x4.extract_lane 1 (local.get $x)))
            (i32.add (i32x4.extract_lane 2 (local.get $x)) (i32x4.extract_lane 3 (local.get $x)))))
        (i32.store offset=4 (local.get $out)
          (i32.add
            (i32.add (i32x4.extract_lane 0 (local.get $y)) (i32x4.extract_lane 1 (local.get $y)))
            (i32.add (i32x4.extract_lane 2 (local.get $y)) (i32x4.extract_lane 3 (local.get $y)))))
        (local.set $out (i32.add (local.get $out) (i32.const 8)))
        (local.set $slots (i32.add (local.get $slots) (i32.const 8)))
        (br $each))))
)
