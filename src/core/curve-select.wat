;; The k due reviews furthest along the forgetting curve (lowest predicted recall), for the queue
;; (core/curve-select.ts), and the check of the card positions a cache gives it. At 100k cards a day can have tens of thousands due, and the queue picks
;; them before its first frame, as cold JavaScript: about 130 ns a card. WebAssembly is compiled
;; before it runs, a few nanoseconds a card. Compiled into curve-select-wasm.ts by
;; scripts/build-wasm.js; test/curve-select.test.ts checks that file and that it picks what the
;; queue's JavaScript order would.
(module
  (memory (export "memory") 1)

  ;; Whether (ka, ta) comes after (kb, tb): by key, then by tie.
  (func $after (param $ka f64) (param $ta i32) (param $kb f64) (param $tb i32) (result i32)
    (if (result i32) (f64.gt (local.get $ka) (local.get $kb))
      (then (i32.const 1))
      (else (i32.and (f64.eq (local.get $ka) (local.get $kb)) (i32.gt_s (local.get $ta) (local.get $tb))))))

  ;; Moves heap entry $from down to its place in the max-heap of $size entries at $heap. An entry
  ;; is 16 bytes: its key (f64), its tie (i32) and its position among the entries (i32).
  (func $sift (param $heap i32) (param $size i32) (param $from i32)
    (local $key f64) (local $tie i32) (local $item i32) (local $i i32)
    (local $child i32) (local $right i32) (local $c i32) (local $r i32) (local $at i32)
    (local.set $at (i32.add (local.get $heap) (i32.shl (local.get $from) (i32.const 4))))
    (local.set $key (f64.load (local.get $at)))
    (local.set $tie (i32.load offset=8 (local.get $at)))
    (local.set $item (i32.load offset=12 (local.get $at)))
    (local.set $i (local.get $from))
    (block $placed
      (loop $down
        (local.set $child (i32.add (i32.shl (local.get $i) (i32.const 1)) (i32.const 1)))
        (br_if $placed (i32.ge_s (local.get $child) (local.get $size)))
        (local.set $c (i32.add (local.get $heap) (i32.shl (local.get $child) (i32.const 4))))
        (local.set $right (i32.add (local.get $child) (i32.const 1)))
        (if (i32.lt_s (local.get $right) (local.get $size))
          (then
            (local.set $r (i32.add (local.get $heap) (i32.shl (local.get $right) (i32.const 4))))
            (if (call $after (f64.load (local.get $r)) (i32.load offset=8 (local.get $r)) (f64.load (local.get $c)) (i32.load offset=8 (local.get $c)))
              (then
                (local.set $child (local.get $right))
                (local.set $c (local.get $r))))))
        (br_if $placed (i32.eqz (call $after (f64.load (local.get $c)) (i32.load offset=8 (local.get $c)) (local.get $key) (local.get $tie))))
        (local.set $at (i32.add (local.get $heap) (i32.shl (local.get $i) (i32.const 4))))
        (f64.store (local.get $at) (f64.load (local.get $c)))
        (i32.store offset=8 (local.get $at) (i32.load offset=8 (local.get $c)))
        (i32.store offset=12 (local.get $at) (i32.load offset=12 (local.get $c)))
        (local.set $i (local.get $child))
        (br $down)))
    (local.set $at (i32.add (local.get $heap) (i32.shl (local.get $i) (i32.const 4))))
    (f64.store (local.get $at) (local.get $key))
    (i32.store offset=8 (local.get $at) (local.get $tie))
    (i32.store offset=12 (local.get $at) (local.get $item)))

  ;; For entries 0..$count-1 (last review time at $lrt, stability at $s, tie at $tie), each one's
  ;; key, exactly as curveKey in curve-select.ts computes it:
  ;;   no review time, or no stability above 0: -infinity; else -(1 + factor * days / s) with
  ;;   days = max(0, (now - lrt) / 86400000),
  ;; and the $k lowest (key, tie) kept in a max-heap at $heap. Returns how many it kept (the heap
  ;; is in no particular order).
  (func (export "select")
    (param $count i32) (param $lrt i32) (param $s i32) (param $tie i32) (param $k i32)
    (param $now f64) (param $factor f64) (param $heap i32) (result i32)
    (local $e i32) (local $size i32) (local $l f64) (local $st f64) (local $key f64) (local $t i32) (local $at i32) (local $i i32)
    (block $end
      (loop $next
        (br_if $end (i32.ge_s (local.get $e) (local.get $count)))
        (local.set $l (f64.load (i32.add (local.get $lrt) (i32.shl (local.get $e) (i32.const 3)))))
        (local.set $st (f64.load (i32.add (local.get $s) (i32.shl (local.get $e) (i32.const 3)))))
        (local.set $key
          (if (result f64) (i32.or (f64.ne (local.get $l) (local.get $l)) (i32.eqz (f64.gt (local.get $st) (f64.const 0))))
            (then (f64.const -inf))
            (else
              (f64.neg
                (f64.add (f64.const 1)
                  (f64.div
                    (f64.mul (local.get $factor)
                      (f64.max (f64.const 0) (f64.div (f64.sub (local.get $now) (local.get $l)) (f64.const 86400000))))
                    (local.get $st)))))))
        (local.set $t (i32.load (i32.add (local.get $tie) (i32.shl (local.get $e) (i32.const 2)))))
        (if (i32.lt_s (local.get $size) (local.get $k))
          (then
            ;; Filling the heap; once full, it is ordered.
            (local.set $at (i32.add (local.get $heap) (i32.shl (local.get $size) (i32.const 4))))
            (f64.store (local.get $at) (local.get $key))
            (i32.store offset=8 (local.get $at) (local.get $t))
            (i32.store offset=12 (local.get $at) (local.get $e))
            (local.set $size (i32.add (local.get $size) (i32.const 1)))
            (if (i32.eq (local.get $size) (local.get $k))
              (then
                (local.set $i (i32.sub (i32.shr_s (local.get $k) (i32.const 1)) (i32.const 1)))
                (block $heaped
                  (loop $heapify
                    (br_if $heaped (i32.lt_s (local.get $i) (i32.const 0)))
                    (call $sift (local.get $heap) (local.get $size) (local.get $i))
                    (local.set $i (i32.sub (local.get $i) (i32.const 1)))
                    (br $heapify))))))
          (else
            ;; Lower than the highest kept: it takes that one's place.
            (if (call $after (f64.load (local.get $heap)) (i32.load offset=8 (local.get $heap)) (local.get $key) (local.get $t))
              (then
                (f64.store (local.get $heap) (local.get $key))
                (i32.store offset=8 (local.get $heap) (local.get $t))
                (i32.store offset=12 (local.get $heap) (local.get $e))
                (call $sift (local.get $heap) (local.get $size) (i32.const 0))))))
        (local.set $e (i32.add (local.get $e) (i32.const 1)))
        (br $next)))
    (local.get $size))

  ;; The largest of the $count 32-bit numbers at $at read as unsigned (a negative one is then 2^31
  ;; or more), 0 for none: a check that positions a cache gives are all below a length.
  (func (export "largest") (param $at i32) (param $count i32) (result i32)
    (local $e i32) (local $v i32) (local $max i32)
    (block $end
      (loop $next
        (br_if $end (i32.ge_u (local.get $e) (local.get $count)))
        (local.set $v (i32.load (i32.add (local.get $at) (i32.shl (local.get $e) (i32.const 2)))))
        (if (i32.gt_u (local.get $v) (local.get $max)) (then (local.set $max (local.get $v))))
        (local.set $e (i32.add (local.get $e) (i32.const 1)))
        (br $next)))
    (local.get $max)))
