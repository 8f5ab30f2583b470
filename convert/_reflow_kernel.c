/* Reflow's numeric loops, compiled (optional: see docs/reflow.md, "Speed").
 *
 * convert/reflow.py holds each of these loops in Python too: they are the reference, run
 * where this module could not be built, and tests/test_reflow_kernel.py holds that both
 * give the same results. Every cost, table and threshold comes in from Python, so the
 * rules live in one place; this file only does the arithmetic, ~20x faster than CPython.
 *
 *   cues          the dynamic programme over one block        _Layout._cues_python
 *   word_times    character prefix, word times, longest word  _stream's Python path
 *   gap_codes     each gap's break code                       _classify
 *   layout_arrays gaps, pauses, effective codes, candidates   _layout_arrays_python
 *   line_breaks   the chosen cues' two-line breaks            _Layout.lines_for
 *   chosen_times  the chosen cues' widths and final times     _chosen_times_python
 *   cue_bodies    the text of the chosen cues without markup  _render
 *
 * Every number read must be an int of at most LIMIT in size (times near 2**53 ms are
 * 285,000 years); one beyond, a product that would not fit 64 bits, or limits beyond
 * what the loops were written for raise OverflowError, and the caller then takes the
 * Python path, whose ints have no limit. Other bad arguments raise TypeError, ValueError
 * or IndexError; no Python code runs while a list is read. Needs GCC or Clang (for
 * __builtin_mul_overflow); elsewhere the build goes on without it.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdlib.h>

typedef long long i64;

enum { /* cues' numbers, in the order _Layout._numbers gives them */
    N_FIRST, N_STOP, N_COUNT, N_LINE, N_LINES, N_MAX_MS, N_MIN_MS, N_GAP_MS, N_TAIL,
    N_CPS_NUM, N_CPS_DEN, N_CUE_COST, N_FRAGMENT, N_TOO_SHORT, N_SPEED, N_SILENCE_SPANNED,
    N_MIXED, N_NO_FIT, N_INFINITY, N_EVEN, N_DIVISOR, N_PYRAMID, N_SILENCE_FREE,
    N_SILENCE_STEP, N_FRAGMENT_WORDS, N_NUMBERS
};
enum {
    A_PREFIX, A_SPACE, A_STARTS, A_ENDS, A_GAP, A_EFFECTIVE, A_NEED, A_CUE_TABLE,
    A_LINE_TABLE, A_SENTENCE_TABLE, A_ARRAYS
};
#define MAX_TABLE 64 /* gap codes (a break class, plus WEAK after a weak word): at most */
#define MAX_LINE 100000 /* characters on a line, lines in a cue: beyond, Python's path */

#define LIMIT (1LL << 53)

/* An int as a 64-bit integer of at most LIMIT in size; -1 with an exception set when it
 * is not an int or is larger. */
static int read_int(PyObject *value, i64 *out)
{
    if (!PyLong_Check(value)) {
        PyErr_Format(PyExc_TypeError, "reflow kernel: an int expected, not %.100s",
                     Py_TYPE(value)->tp_name);
        return -1;
    }
    int overflow = 0;
    *out = PyLong_AsLongLongAndOverflow(value, &overflow);
    if (*out == -1 && PyErr_Occurred())
        return -1;
    if (overflow || *out > LIMIT || *out < -LIMIT) {
        PyErr_SetString(PyExc_OverflowError, "reflow kernel: a number too large");
        return -1;
    }
    return 0;
}

/* list[index] as read_int reads it; -1 with an exception set on failure. */
static int read_item(PyObject *list, Py_ssize_t index, i64 *out)
{
    if (index < 0 || index >= PyList_GET_SIZE(list)) {
        PyErr_SetString(PyExc_IndexError, "reflow kernel: index out of range");
        return -1;
    }
    return read_int(PyList_GET_ITEM(list, index), out);
}

/* a * b, or -1 with OverflowError set when it does not fit 64 bits. */
static int multiply(i64 a, i64 b, i64 *out)
{
    if (__builtin_mul_overflow(a, b, out)) {
        PyErr_SetString(PyExc_OverflowError, "reflow kernel: a product too large");
        return -1;
    }
    return 0;
}

/* The shortest time in ms in which width characters are read at num/den characters a
 * second (_Limits.reading_ms): ceil(width * 1000 * den / num), with num > 0. */
static int reading_ms(i64 width, i64 num, i64 den, i64 *out)
{
    i64 scaled;
    if (multiply(width, 1000, &scaled) || multiply(scaled, den, &scaled))
        return -1;
    i64 q = scaled / num;
    *out = (scaled % num != 0 && scaled > 0) ? q + 1 : q; /* ceil, as -(-a // b) */
    return 0;
}

/* Python's a // b (b != 0). */
static i64 floor_div(i64 a, i64 b)
{
    i64 q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

/* What two lines whose widths differ by ``difference`` cost for their unevenness:
 * nothing up to ``even`` characters, then the excess plus its square over ``divisor``. */
static i64 uneven_cost(i64 difference, i64 even, i64 divisor)
{
    if (difference <= even)
        return 0;
    const i64 over = difference - even;
    return over + over * over / divisor;
}

/* The cost of breaking a two-line cue before word k (top and bottom widths given), or
 * -1 when a line is too long: the DP's estimate near the middle (no pyramid term, as in
 * _cues_python). */
static i64 split_cost(i64 top, i64 bottom, i64 line, i64 line_cost_k, i64 even, i64 divisor)
{
    if (top > line || bottom > line)
        return -1;
    return line_cost_k + uneven_cost(top > bottom ? top - bottom : bottom - top, even, divisor);
}

/* The best place to break words begin..end-1 into two lines (_Layout._two_lines): the
 * word the second line starts with, or -1 when no break fits both lines; its cost in
 * *cost. Arrays hold word k at [k - origin]: prefix, opening (prefix + space) and the
 * cost of a line break before the word. */
static i64 best_two_lines(const i64 *prefix, const i64 *opening, const i64 *line_cost,
                          i64 origin, i64 begin, i64 end, i64 line, const i64 shape[3],
                          i64 *cost)
{
    const i64 base = opening[begin - origin], end_prefix = prefix[end - origin];
    i64 best_cost = -1, best_at = -1;
    for (i64 k = begin + 1; k < end; k++) {
        const i64 top = prefix[k - origin] - base, bottom = end_prefix - opening[k - origin];
        if (top > line || bottom > line)
            continue;
        i64 here = line_cost[k - origin] +
                   uneven_cost(top > bottom ? top - bottom : bottom - top, shape[0], shape[1]);
        if (top > bottom + shape[0])
            here += shape[2]; /* a pyramid (short line first) reads a little better */
        if (best_at < 0 || here < best_cost) {
            best_cost = here;
            best_at = k;
        }
    }
    *cost = best_cost;
    return best_at;
}

/* The cost lines_for(begin, end) gives, 0 with *fits = 0 when it says None. */
static int call_lines_for(PyObject *lines_for, i64 begin, i64 end, i64 *cost, int *fits)
{
    PyObject *result = PyObject_CallFunction(lines_for, "LL", begin, end);
    if (result == NULL)
        return -1;
    if (result == Py_None) {
        Py_DECREF(result);
        *fits = 0;
        return 0;
    }
    PyObject *first = PyTuple_Check(result) && PyTuple_GET_SIZE(result) > 0
                          ? PyTuple_GET_ITEM(result, 0)
                          : NULL;
    if (first == NULL) {
        Py_DECREF(result);
        PyErr_SetString(PyExc_TypeError, "reflow kernel: lines_for gave no (cost, breaks)");
        return -1;
    }
    const int failed = read_int(first, cost);
    Py_DECREF(result);
    if (failed)
        return -1;
    *fits = 1;
    return 0;
}

/* cues(candidates, numbers, arrays, lines_for) -> the cue boundaries of one block:
 *   candidates  the block's candidate gaps, sorted, its first and stop included
 *   numbers     first, stop, count, the limits, the costs and the shape constants, in
 *               the order of the N_ enum (_Layout._numbers)
 *   arrays      (prefix, space, starts, ends, gap, effective, need, cue_table,
 *               line_table, sentence_table): the stream's lists by word and the tables
 *               that turn a gap's code into its costs (_Layout._arrays)
 *   lines_for   _Layout.lines_for, called only for cues of more than two lines */
static PyObject *cues(PyObject *self, PyObject *args)
{
    PyObject *candidate_list, *number_tuple, *array_tuple, *lines_for;
    if (!PyArg_ParseTuple(args, "O!O!O!O:cues", &PyList_Type, &candidate_list, &PyTuple_Type,
                          &number_tuple, &PyTuple_Type, &array_tuple, &lines_for))
        return NULL;
    if (PyTuple_GET_SIZE(number_tuple) != N_NUMBERS || PyTuple_GET_SIZE(array_tuple) != A_ARRAYS) {
        PyErr_SetString(PyExc_TypeError, "reflow kernel: wrong number of numbers or arrays");
        return NULL;
    }
    i64 n_[N_NUMBERS];
    for (int i = 0; i < N_NUMBERS; i++) {
        PyObject *number = PyTuple_GET_ITEM(number_tuple, i);
        if (i == N_INFINITY) { /* the one number beyond LIMIT: a cost no cue reaches */
            n_[i] = PyLong_AsLongLong(number);
            if (n_[i] == -1 && PyErr_Occurred())
                return NULL;
        } else if (read_int(number, &n_[i])) {
            return NULL;
        }
    }
    PyObject *a_[A_ARRAYS];
    for (int i = 0; i < A_ARRAYS; i++) {
        a_[i] = PyTuple_GET_ITEM(array_tuple, i);
        if (!PyList_Check(a_[i])) {
            PyErr_SetString(PyExc_TypeError, "reflow kernel: arrays must be lists");
            return NULL;
        }
    }
    const i64 first = n_[N_FIRST], stop = n_[N_STOP], count = n_[N_COUNT];
    const i64 line = n_[N_LINE], lines = n_[N_LINES];
    const i64 max_ms = n_[N_MAX_MS], min_ms = n_[N_MIN_MS], gap_ms = n_[N_GAP_MS];
    const i64 tail = n_[N_TAIL], cps_num = n_[N_CPS_NUM], cps_den = n_[N_CPS_DEN];
    const i64 CUE_COST = n_[N_CUE_COST], FRAGMENT = n_[N_FRAGMENT];
    const i64 TOO_SHORT = n_[N_TOO_SHORT], SPEED = n_[N_SPEED];
    const i64 SILENCE_SPANNED = n_[N_SILENCE_SPANNED], MIXED = n_[N_MIXED];
    const i64 NO_FIT = n_[N_NO_FIT], INF = n_[N_INFINITY];
    const i64 shape[3] = {n_[N_EVEN], n_[N_DIVISOR], n_[N_PYRAMID]};
    const i64 SILENCE_FREE = n_[N_SILENCE_FREE], SILENCE_STEP = n_[N_SILENCE_STEP];
    const i64 FRAGMENT_WORDS = n_[N_FRAGMENT_WORDS];
    const i64 capacity = lines * (line + 1), two_lines = 2 * line + 1;
    const i64 block_words = stop - first;
    if (cps_num <= 0 || cps_den <= 0 || line < 1 || lines < 1 || line > MAX_LINE ||
        lines > MAX_LINE || shape[1] <= 0 || SILENCE_STEP <= 0) {
        /* limits reflow() refuses, or beyond what these loops were written for (the
         * squares of widths): Python's path */
        PyErr_SetString(PyExc_OverflowError, "reflow kernel: limits outside its range");
        return NULL;
    }
    /* the block's words and the edges after them must be in every list read by word */
    if (first < 0 || stop <= first || stop > count || PyList_GET_SIZE(a_[A_PREFIX]) <= count ||
        PyList_GET_SIZE(a_[A_SPACE]) <= count || PyList_GET_SIZE(a_[A_GAP]) <= count ||
        PyList_GET_SIZE(a_[A_EFFECTIVE]) < count || PyList_GET_SIZE(a_[A_STARTS]) < count ||
        PyList_GET_SIZE(a_[A_ENDS]) < count) {
        PyErr_SetString(PyExc_ValueError, "reflow kernel: a block outside the words");
        return NULL;
    }

    const Py_ssize_t n = PyList_GET_SIZE(candidate_list);
    const Py_ssize_t words = (Py_ssize_t)(stop - first) + 1; /* first..stop inclusive */
    const Py_ssize_t need_size = PyList_GET_SIZE(a_[A_NEED]);
    PyObject *result = NULL;
    /* per candidate (by its position in the list) */
    i64 *word = NULL, *start = NULL, *last_end = NULL, *after = NULL, *cost = NULL,
        *ahead = NULL;
    Py_ssize_t *back = NULL;
    /* per word of the block, from ``first`` (silence and sentences counted from there:
     * the loop only takes their differences) */
    i64 *prefix = NULL, *opening = NULL, *line_cost = NULL, *cue_cost = NULL,
        *silence = NULL, *sentences = NULL, *need = NULL;
    i64 **per_candidate[] = {&word, &start, &last_end, &after, &cost, &ahead};
    i64 **per_word[] = {&prefix, &opening, &line_cost, &cue_cost, &silence, &sentences};
    const int n_per_candidate = (int)(sizeof(per_candidate) / sizeof(per_candidate[0]));
    const int n_per_word = (int)(sizeof(per_word) / sizeof(per_word[0]));
    i64 tables[3][MAX_TABLE];
    const Py_ssize_t table_size = PyList_GET_SIZE(a_[A_CUE_TABLE]);
    if (n < 1)
        return PyList_New(0);
    for (int t = 0; t < 3; t++) {
        PyObject *table = a_[A_CUE_TABLE + t];
        if (PyList_GET_SIZE(table) != table_size || table_size < 1 || table_size > MAX_TABLE) {
            PyErr_SetString(PyExc_ValueError, "reflow kernel: cost tables of the wrong size");
            return NULL;
        }
        for (int code = 0; code < table_size; code++)
            if (read_item(table, code, &tables[t][code]))
                return NULL;
    }
    for (int i = 0; i < n_per_candidate; i++) {
        *per_candidate[i] = malloc(sizeof(i64) * (size_t)n);
        if (*per_candidate[i] == NULL)
            goto out_of_memory;
    }
    for (int i = 0; i < n_per_word; i++) {
        *per_word[i] = malloc(sizeof(i64) * (size_t)words);
        if (*per_word[i] == NULL)
            goto out_of_memory;
    }
    back = malloc(sizeof(Py_ssize_t) * (size_t)n);
    need = malloc(sizeof(i64) * (size_t)(need_size > 0 ? need_size : 1));
    if (!back || !need)
        goto out_of_memory;

    i64 silence_sum = 0, sentence_sum = 0;
    for (Py_ssize_t k = 0; k < words; k++) {
        const i64 w = first + k;
        i64 space, gap;
        if (read_item(a_[A_PREFIX], w, &prefix[k]) || read_item(a_[A_SPACE], w, &space) ||
            read_item(a_[A_GAP], w, &gap))
            goto done;
        opening[k] = prefix[k] + space;
        silence_sum += gap;
        silence[k] = silence_sum;
        sentences[k] = sentence_sum;
        /* the cost of a cue or a line ending before word w: by the code of the gap after
         * word w - 1; none at the stream's edges */
        if (w == 0 || w == count) {
            cue_cost[k] = line_cost[k] = 0;
        } else {
            i64 code;
            if (read_item(a_[A_EFFECTIVE], w - 1, &code))
                goto done;
            if (code < 0 || code >= table_size) {
                PyErr_SetString(PyExc_ValueError, "reflow kernel: a gap code out of range");
                goto done;
            }
            cue_cost[k] = tables[0][code];
            line_cost[k] = tables[1][code];
        }
        if (w < count) {
            i64 code;
            if (read_item(a_[A_EFFECTIVE], w, &code))
                goto done;
            if (code < 0 || code >= table_size) {
                PyErr_SetString(PyExc_ValueError, "reflow kernel: a gap code out of range");
                goto done;
            }
            sentence_sum += tables[2][code];
        }
    }
    for (Py_ssize_t k = 0; k < need_size; k++)
        if (read_item(a_[A_NEED], k, &need[k]))
            goto done;
    for (Py_ssize_t p = 0; p < n; p++) {
        i64 w;
        if (read_item(candidate_list, p, &w))
            goto done;
        if (w < first || w > stop || (p > 0 && w <= word[p - 1])) {
            PyErr_SetString(PyExc_ValueError, "reflow kernel: candidates out of order");
            goto done;
        }
        word[p] = w;
        if (read_item(a_[A_STARTS], w < count ? w : count - 1, &start[p]))
            goto done;
        if (w < count) {
            i64 gap;
            if (read_item(a_[A_GAP], w, &gap))
                goto done;
            after[p] = gap - gap_ms;
        } else {
            after[p] = tail;
        }
        if (after[p] < 0)
            after[p] = 0;
        last_end[p] = 0;
        if (w > 0 && read_item(a_[A_ENDS], w - 1, &last_end[p]))
            goto done;
    }
    if (word[0] != first || word[n - 1] != stop) {
        PyErr_SetString(PyExc_ValueError, "reflow kernel: a block's edges must be candidates");
        goto done;
    }

    cost[0] = 0;
    ahead[0] = -MIXED * sentences[0];
    back[0] = -1;
    Py_ssize_t reach = 0, guess = 0;
    for (Py_ssize_t position = 1; position < n; position++) {
        const i64 end = word[position];
        const i64 end_prefix = prefix[end - first];
        const i64 end_last = last_end[position];
        while (reach < position) {
            Py_ssize_t b = reach;
            if (end_prefix - opening[word[b] - first] > capacity || end_last - start[b] > max_ms)
                reach++;
            else
                break;
        }
        const Py_ssize_t nearest = position - 1;
        Py_ssize_t reach_here;
        if (reach > nearest)
            reach_here = word[nearest] == end - 1 ? nearest : position;
        else
            reach_here = reach;
        i64 best = INF, best_start = -1;
        Py_ssize_t best_index = -1;
        const i64 after_end = after[position];
        const i64 end_cue_cost = cue_cost[end - first];
        const i64 base = (end < stop ? end_cue_cost : 0) + CUE_COST +
                         MIXED * sentences[end - 1 - first];
        const int end_strong = end == stop || end_cue_cost == 0;
        const i64 end_silence = silence[end - 1 - first];
        /* the previous end's best start first, then the rest (the result is the same in
         * any order: a start is dropped only when its cost already exceeds the best) */
        Py_ssize_t rotate = (reach_here < guess && guess < position) ? guess : reach_here;
        for (Py_ssize_t step = 0; step < position - reach_here; step++) {
            Py_ssize_t b = rotate + step;
            if (b >= position)
                b -= position - reach_here;
            const i64 begin = word[b];
            i64 total = ahead[b] + base;
            if (total > best)
                continue;
            const i64 width = end_prefix - opening[begin - first];
            if (end - begin <= FRAGMENT_WORDS && block_words > FRAGMENT_WORDS &&
                !(end_strong && (begin == first || cue_cost[begin - first] == 0)))
                total += FRAGMENT;
            const i64 shown = end_last - start[b] + after_end;
            if (shown < min_ms)
                total += TOO_SHORT;
            i64 needed;
            if (width >= 0 && width < need_size)
                needed = need[width];
            else if (reading_ms(width, cps_num, cps_den, &needed))
                goto done;
            if (shown < needed) {
                i64 slow;
                if (needed == 0) { /* as Python would say (no width is 0 in reflow) */
                    PyErr_SetString(PyExc_ZeroDivisionError, "reflow kernel: no time needed");
                    goto done;
                }
                if (multiply(SPEED, needed - shown, &slow))
                    goto done;
                total += floor_div(slow, needed);
            }
            const i64 spanned = end_silence - silence[begin - first];
            if (spanned > SILENCE_FREE)
                total += floor_div(SILENCE_SPANNED * (spanned - SILENCE_FREE), SILENCE_STEP);
            if (total > best)
                continue;
            if (width > line && end - begin > 1) {
                if (lines < 2)
                    continue;
                i64 split = INF;
                if (width <= two_lines) {
                    const i64 top_start = opening[begin - first];
                    const i64 middle = (top_start + end_prefix) >> 1;
                    i64 lo = begin + 1, hi = end; /* bisect_left(prefix, middle, lo, hi) */
                    while (lo < hi) {
                        i64 mid = (lo + hi) / 2;
                        if (prefix[mid - first] < middle)
                            lo = mid + 1;
                        else
                            hi = mid;
                    }
                    const i64 k = lo;
                    for (i64 at = k - 1; at <= k + 1; at++) {
                        if (at <= begin || at >= end)
                            continue;
                        i64 here = split_cost(prefix[at - first] - top_start,
                                              end_prefix - opening[at - first], line,
                                              line_cost[at - first], shape[0], shape[1]);
                        if (here >= 0 && here < split)
                            split = here;
                    }
                }
                if (split >= INF && width <= two_lines) { /* lines_for's own search */
                    i64 exact;
                    if (best_two_lines(prefix, opening, line_cost, first, begin, end, line, shape,
                                       &exact) >= 0)
                        split = exact;
                }
                if (split >= INF) {
                    if (lines == 2)
                        continue; /* lines_for says None */
                    int fits = 0; /* more than two lines: lines_for in Python */
                    if (call_lines_for(lines_for, begin, end, &split, &fits))
                        goto done;
                    if (!fits)
                        continue;
                }
                total += split;
            }
            if (total < best || (total == best && begin > best_start)) {
                best = total;
                best_start = begin;
                best_index = b;
            }
        }
        if (best_index < 0) { /* nothing fits the limits: the shortest cue, at a price */
            best_index = nearest;
            best = cost[nearest] + NO_FIT;
        }
        cost[position] = best;
        ahead[position] = best - MIXED * sentences[end - first];
        back[position] = best_index;
        guess = best_index;
    }

    Py_ssize_t cut_count = 1;
    for (Py_ssize_t at = n - 1; at != 0; at = back[at])
        cut_count++;
    result = PyList_New(cut_count);
    if (result == NULL)
        goto done;
    Py_ssize_t at = n - 1;
    for (Py_ssize_t slot = cut_count - 1; slot >= 0; slot--) {
        PyObject *value = PyLong_FromLongLong(word[at]);
        if (value == NULL) {
            Py_CLEAR(result);
            goto done;
        }
        PyList_SET_ITEM(result, slot, value);
        if (slot)
            at = back[at];
    }
    goto done;

out_of_memory:
    PyErr_NoMemory();
done:
    for (int i = 0; i < n_per_candidate; i++)
        free(*per_candidate[i]);
    for (int i = 0; i < n_per_word; i++)
        free(*per_word[i]);
    free(back);
    free(need);
    return result;
}

/* A new list of n 64-bit integers. */
static PyObject *list_of(const i64 *values, Py_ssize_t n)
{
    PyObject *list = PyList_New(n);
    if (list == NULL)
        return NULL;
    for (Py_ssize_t k = 0; k < n; k++) {
        PyObject *value = PyLong_FromLongLong(values[k]);
        if (value == NULL) {
            Py_DECREF(list);
            return NULL;
        }
        PyList_SET_ITEM(list, k, value);
    }
    return list;
}

/* word_times(text, space, spans, uneven) -> (prefix, starts, ends, longest): the
 * characters before each word (each with the space before it), each word's time inside
 * its source cue by characters, and the longest word's length; reflow._stream's Python
 * path (itertools.accumulate, _word_times_python, max) is the reference.
 *   text    the words
 *   space   1 where a space comes before the word, else 0 (one more entry, a 0, at the end)
 *   spans   list of (first, stop, start_ms, end_ms) per source cue, in order, contiguous
 *   uneven  the firsts of spans holding words without a space before them (a set) */
static PyObject *word_times(PyObject *self, PyObject *args)
{
    PyObject *text, *space_list, *spans, *uneven;
    if (!PyArg_ParseTuple(args, "O!O!O!O:word_times", &PyList_Type, &text, &PyList_Type,
                          &space_list, &PyList_Type, &spans, &uneven))
        return NULL;
    if (!PyAnySet_Check(uneven)) {
        PyErr_SetString(PyExc_TypeError, "reflow kernel: uneven must be a set");
        return NULL;
    }
    const Py_ssize_t n_spans = PyList_GET_SIZE(spans);
    const Py_ssize_t count = PyList_GET_SIZE(text);
    if (PyList_GET_SIZE(space_list) < count) {
        PyErr_SetString(PyExc_ValueError, "reflow kernel: text and space do not match");
        return NULL;
    }
    i64 *prefix = malloc(sizeof(i64) * (size_t)(count + 1));
    i64 *space = malloc(sizeof(i64) * (size_t)(count + 1));
    i64 *starts = malloc(sizeof(i64) * (size_t)(count > 0 ? count : 1));
    i64 *ends = malloc(sizeof(i64) * (size_t)(count > 0 ? count : 1));
    PyObject *result = NULL;
    if (prefix == NULL || space == NULL || starts == NULL || ends == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    i64 longest = 0;
    prefix[0] = 0;
    for (Py_ssize_t k = 0; k < count; k++) {
        PyObject *word = PyList_GET_ITEM(text, k);
        if (!PyUnicode_Check(word)) {
            PyErr_SetString(PyExc_TypeError, "reflow kernel: a word that is not a str");
            goto done;
        }
        const i64 length = PyUnicode_GET_LENGTH(word);
        if (length > longest)
            longest = length;
        if (read_item(space_list, k, &space[k]))
            goto done;
        prefix[k + 1] = prefix[k] + length + space[k];
    }
    i64 expected = 0;
    for (Py_ssize_t s = 0; s < n_spans; s++) {
        PyObject *span = PyList_GET_ITEM(spans, s);
        i64 first, stop, start, end;
        if (!PyTuple_Check(span) || PyTuple_GET_SIZE(span) != 4) {
            PyErr_SetString(PyExc_TypeError, "reflow kernel: a span is (first, stop, start, end)");
            goto done;
        }
        i64 *fields[] = {&first, &stop, &start, &end};
        for (int i = 0; i < 4; i++) {
            if (read_int(PyTuple_GET_ITEM(span, i), fields[i]))
                goto done;
        }
        if (first != expected || stop <= first || stop > count) {
            PyErr_SetString(PyExc_ValueError, "reflow kernel: spans must tile the words");
            goto done;
        }
        expected = stop;
        const i64 span_ms = end - start;
        int spaced_all = 1;
        if (PySet_GET_SIZE(uneven) > 0) {
            PyObject *key = PyLong_FromLongLong(first);
            if (key == NULL)
                goto done;
            int found = PySet_Contains(uneven, key);
            Py_DECREF(key);
            if (found < 0)
                goto done;
            spaced_all = !found;
        }
        if (stop - first == 1) {
            starts[first] = start;
        } else {
            /* a word starts after the characters before it in its cue, spaces between
             * included (without the space before the cue's first word) */
            const i64 base = spaced_all ? prefix[first] : prefix[first] + space[first];
            i64 total = spaced_all ? prefix[stop] - base - 1 : prefix[stop] - base;
            if (total == 0)
                total = 1;
            for (i64 k = first; k < stop; k++) {
                i64 part;
                const i64 offset = spaced_all ? prefix[k] - base : prefix[k] + space[k] - base;
                if (multiply(span_ms, offset, &part))
                    goto done;
                starts[k] = start + floor_div(part, total);
            }
        }
        for (i64 k = first; k + 1 < stop; k++)
            ends[k] = starts[k + 1];
        ends[stop - 1] = end;
    }
    if (expected != count) {
        PyErr_SetString(PyExc_ValueError, "reflow kernel: spans must tile the words");
        goto done;
    }
    if (count == 0)
        ends[0] = 0; /* as the reference: ends are the next starts, then a 0 */
    PyObject *lists[3] = {list_of(prefix, count + 1), list_of(starts, count),
                          list_of(ends, count > 0 ? count : 1)};
    if (lists[0] && lists[1] && lists[2])
        result = Py_BuildValue("(OOOL)", lists[0], lists[1], lists[2], longest);
    for (int i = 0; i < 3; i++)
        Py_XDECREF(lists[i]);
done:
    free(prefix);
    free(space);
    free(starts);
    free(ends);
    return result;
}

/* line_breaks(firsts, stops, prefix, space, effective, line_table, line, lines, shape)
 * -> list (shape: EVEN_ENOUGH, UNEVEN_DIVISOR, PYRAMID_COST, as _SHAPE gives them):
 * per cue (words firsts[i]..stops[i]-1), where _Layout.lines_for would break its lines:
 * 0 for one line, the word the second line starts with, -1 where lines_for says None,
 * -2 where only Python can say (more than two lines). _Layout._two_lines is the reference. */
static PyObject *line_breaks(PyObject *self, PyObject *args)
{
    PyObject *firsts, *stops, *prefix, *space, *effective, *table_list;
    long long line, lines;
    i64 shape[3];
    if (!PyArg_ParseTuple(args, "O!O!O!O!O!O!LL(LLL):line_breaks", &PyList_Type, &firsts,
                          &PyList_Type, &stops, &PyList_Type, &prefix, &PyList_Type, &space,
                          &PyList_Type, &effective, &PyList_Type, &table_list, &line, &lines,
                          &shape[0], &shape[1], &shape[2]))
        return NULL;
    const Py_ssize_t n = PyList_GET_SIZE(firsts), table_size = PyList_GET_SIZE(table_list);
    if (PyList_GET_SIZE(stops) != n || table_size < 1 || table_size > MAX_TABLE) {
        PyErr_SetString(PyExc_ValueError, "reflow kernel: firsts, stops or table wrong");
        return NULL;
    }
    if (line < 1 || line > MAX_LINE || lines < 1 || shape[1] <= 0) {
        PyErr_SetString(PyExc_OverflowError, "reflow kernel: limits outside its range");
        return NULL;
    }
    i64 table[MAX_TABLE];
    for (int code = 0; code < table_size; code++)
        if (read_item(table_list, code, &table[code]))
            return NULL;
    PyObject *result = PyList_New(n);
    if (result == NULL)
        return NULL;
    i64 *buffer = NULL, capacity = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        i64 first, stop, prefix_first, space_first, end_prefix, answer;
        if (read_item(firsts, i, &first) || read_item(stops, i, &stop))
            goto failed;
        if (first < 0 || stop <= first) {
            PyErr_SetString(PyExc_ValueError, "reflow kernel: a cue without words");
            goto failed;
        }
        if (
            read_item(prefix, first, &prefix_first) || read_item(space, first, &space_first) ||
            read_item(prefix, stop, &end_prefix))
            goto failed;
        const i64 base = prefix_first + space_first;
        const i64 width = end_prefix - base;
        if (width <= line || stop - first == 1) {
            answer = 0;
        } else if (lines < 2) {
            answer = -1;
        } else if (width <= 2 * line + 1) {
            const i64 words = stop - first + 1;
            if (words > capacity) {
                i64 *grown = realloc(buffer, sizeof(i64) * 3 * (size_t)words);
                if (grown == NULL) {
                    PyErr_NoMemory();
                    goto failed;
                }
                buffer = grown;
                capacity = words;
            }
            i64 *at_prefix = buffer, *at_opening = buffer + words, *at_cost = buffer + 2 * words;
            for (i64 k = first; k <= stop; k++) {
                i64 at_space, code = 0;
                if (read_item(prefix, k, &at_prefix[k - first]) || read_item(space, k, &at_space))
                    goto failed;
                at_opening[k - first] = at_prefix[k - first] + at_space;
                if (k > first && k < stop) {
                    if (read_item(effective, k - 1, &code))
                        goto failed;
                    if (code < 0 || code >= table_size) {
                        PyErr_SetString(PyExc_ValueError, "reflow kernel: a gap code out of range");
                        goto failed;
                    }
                }
                at_cost[k - first] = table[code];
            }
            i64 best_cost;
            const i64 best_at =
                best_two_lines(at_prefix, at_opening, at_cost, first, first, stop, line, shape,
                               &best_cost);
            answer = best_at >= 0 ? best_at : (lines == 2 ? -1 : -2);
        } else {
            answer = lines == 2 ? -1 : -2;
        }
        PyObject *value = PyLong_FromLongLong(answer);
        if (value == NULL)
            goto failed;
        PyList_SET_ITEM(result, i, value);
    }
    free(buffer);
    return result;
failed:
    free(buffer);
    Py_DECREF(result);
    return NULL;
}

static i64 min2(i64 a, i64 b) { return a < b ? a : b; }
static i64 max2(i64 a, i64 b) { return a > b ? a : b; }

/* The final times of the chosen cues, in place (reflow._times_python is the reference
 * and says why). */
static void times_core(i64 *starts, i64 *ends, const i64 *need, const i64 *earliest,
                       const i64 *latest, Py_ssize_t count, i64 max_ms, i64 gap_ms)
{
    for (Py_ssize_t k = 0; k + 1 < count; k++) { /* never overlap; starts never go back */
        if (starts[k + 1] < starts[k])
            starts[k + 1] = starts[k];
        if (ends[k] > starts[k + 1])
            ends[k] = starts[k + 1];
    }
    for (Py_ssize_t k = 0; k < count; k++) {
        if (ends[k] - starts[k] < need[k]) {
            const i64 following = k + 1 < count ? starts[k + 1] : latest[k];
            i64 target = starts[k] + need[k];
            if (k + 1 < count && target > following - gap_ms)
                target = following;
            ends[k] = max2(ends[k], min2(min2(target, following), max2(latest[k], ends[k])));
        }
        if (ends[k] - starts[k] < need[k] && k > 0) {
            i64 floor_start;
            if (ends[k - 1] == starts[k])
                floor_start = max2(earliest[k], starts[k - 1] + need[k - 1]);
            else if (ends[k - 1] + gap_ms <= starts[k])
                floor_start = max2(earliest[k], ends[k - 1] + gap_ms);
            else
                floor_start = starts[k];
            const i64 new_start = max2(floor_start, starts[k] - (need[k] - (ends[k] - starts[k])));
            if (new_start < starts[k]) {
                if (ends[k - 1] == starts[k])
                    ends[k - 1] = new_start;
                starts[k] = new_start;
            }
        }
        if (ends[k] - starts[k] < need[k] && k + 1 < count && ends[k] == starts[k + 1]) {
            const i64 boundary =
                min2(min2(starts[k] + need[k], latest[k]), ends[k + 1] - need[k + 1]);
            if (boundary > ends[k])
                ends[k] = starts[k + 1] = boundary;
        }
    }
    for (Py_ssize_t k = 0; k < count; k++) {
        if (ends[k] - starts[k] > max_ms)
            ends[k] = starts[k] + max_ms;
        if (k + 1 < count) {
            const i64 space = starts[k + 1] - ends[k];
            if (0 < space && space < gap_ms) {
                if (starts[k + 1] - starts[k] <= max_ms)
                    ends[k] = starts[k + 1];
                else
                    ends[k] = starts[k + 1] - gap_ms;
            }
        }
        if (ends[k] <= starts[k]) {
            ends[k] = starts[k] + 1;
            if (k + 1 < count && starts[k + 1] < ends[k])
                starts[k + 1] = ends[k];
        }
    }
}

/* gap_codes(text, ahead, behind, table, last) -> list: the code of the gap after each
 * word, table[ahead[word] + behind[next word]] (behind = last after the last word), from
 * what _classify worked out once per distinct word; _classify's Python path is the
 * reference. */
static PyObject *gap_codes(PyObject *self, PyObject *args)
{
    PyObject *text, *ahead, *behind, *table_list;
    long long last;
    if (!PyArg_ParseTuple(args, "O!O!O!O!L:gap_codes", &PyList_Type, &text, &PyDict_Type, &ahead,
                          &PyDict_Type, &behind, &PyList_Type, &table_list, &last))
        return NULL;
    const Py_ssize_t n = PyList_GET_SIZE(text), table_size = PyList_GET_SIZE(table_list);
    PyObject *result = PyList_New(n);
    if (result == NULL)
        return NULL;
    i64 next_behind = last;
    for (Py_ssize_t k = n - 1; k >= 0; k--) {
        PyObject *word = PyList_GET_ITEM(text, k);
        PyObject *says = PyDict_GetItemWithError(ahead, word);
        if (says == NULL) {
            if (!PyErr_Occurred())
                PyErr_SetObject(PyExc_KeyError, word);
            goto failed;
        }
        i64 index;
        if (read_int(says, &index))
            goto failed;
        index += next_behind;
        if (index < 0 || index >= table_size) {
            PyErr_SetString(PyExc_IndexError, "reflow kernel: a gap code out of the table");
            goto failed;
        }
        PyObject *code = PyList_GET_ITEM(table_list, index);
        Py_INCREF(code);
        PyList_SET_ITEM(result, k, code);
        PyObject *opens = PyDict_GetItemWithError(behind, word);
        if (opens == NULL) {
            if (!PyErr_Occurred())
                PyErr_SetObject(PyExc_KeyError, word);
            goto failed;
        }
        if (read_int(opens, &next_behind))
            goto failed;
    }
    return result;
failed:
    Py_DECREF(result);
    return NULL;
}

/* layout_arrays(codes, starts, ends, cue_firsts, timed, line_starts, prefix, line, max_ms,
 *               constants) -> (gap, pauses, effective, candidates): what _Layout works out
 * before the DP; _layout_arrays_python is the reference and says why.
 *   constants  (PAUSE_CLAUSE_MS, PAUSE_SENTENCE_MS, WEAK, SENTENCE, CLAUSE, CONNECTIVE) */
static PyObject *layout_arrays(PyObject *self, PyObject *args)
{
    PyObject *codes, *starts, *ends, *cue_firsts, *timed, *line_starts, *prefix;
    long long line, max_ms, pause_clause, pause_sentence, weak, sentence, clause, connective;
    if (!PyArg_ParseTuple(args, "O!O!O!O!O!O!O!LL(LLLLLL):layout_arrays", &PyList_Type, &codes,
                          &PyList_Type, &starts, &PyList_Type, &ends, &PyList_Type, &cue_firsts,
                          &PyList_Type, &timed, &PyList_Type, &line_starts, &PyList_Type, &prefix,
                          &line, &max_ms, &pause_clause, &pause_sentence, &weak, &sentence,
                          &clause, &connective))
        return NULL;
    const Py_ssize_t count = PyList_GET_SIZE(codes);
    if (PyList_GET_SIZE(starts) < count || PyList_GET_SIZE(ends) < count ||
        PyList_GET_SIZE(prefix) < count + 1 || weak <= 0) {
        PyErr_SetString(PyExc_ValueError, "reflow kernel: layout_arrays' lists do not match");
        return NULL;
    }
    PyObject *result = NULL, *gap_list = NULL, *pause_list = NULL, *effective_list = NULL,
             *candidate_list = NULL;
    i64 *gap = calloc((size_t)count + 1, sizeof(i64));
    i64 *effective = malloc(sizeof(i64) * (size_t)(count > 0 ? count : 1));
    char *good = calloc((size_t)count + 1, 1);
    if (gap == NULL || effective == NULL || good == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    /* the silence before each word: a cue's first word, and words with their own times */
    for (Py_ssize_t i = 1; i < PyList_GET_SIZE(cue_firsts); i++) {
        i64 first, start, end;
        if (read_item(cue_firsts, i, &first) || first < 1 || first > count ||
            read_item(starts, first, &start) || read_item(ends, first - 1, &end))
            goto bad_index;
        if (start - end > 0)
            gap[first] = start - end;
    }
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(timed); i++) {
        PyObject *range = PyList_GET_ITEM(timed, i);
        if (!PyTuple_Check(range) || PyTuple_GET_SIZE(range) != 2) {
            PyErr_SetString(PyExc_TypeError, "reflow kernel: a timed range is (first, stop)");
            goto done;
        }
        i64 first, stop;
        if (read_int(PyTuple_GET_ITEM(range, 0), &first) ||
            read_int(PyTuple_GET_ITEM(range, 1), &stop))
            goto done;
        if (stop > count)
            goto bad_index;
        for (i64 k = first > 1 ? first : 1; k < stop; k++) {
            i64 start, end;
            if (read_item(starts, k, &start) || read_item(ends, k - 1, &end))
                goto done;
            gap[k] = start - end > 0 ? start - end : 0;
        }
    }
    for (Py_ssize_t k = 0; k < count; k++) {
        if (read_item(codes, k, &effective[k]))
            goto done;
        if (effective[k] < 0 || effective[k] >= 2 * weak) {
            PyErr_SetString(PyExc_ValueError, "reflow kernel: a gap code out of range");
            goto done;
        }
    }
    /* a line break the source made: at least a clause break, a weak end still weak */
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(line_starts); i++) {
        i64 k;
        if (read_item(line_starts, i, &k) || k < 1 || k > count)
            goto bad_index;
        const i64 code = effective[k - 1];
        if (code % weak > clause)
            effective[k - 1] = clause + code - code % weak;
        good[k] = 1;
    }
    pause_list = PyList_New(0);
    if (pause_list == NULL)
        goto done;
    for (Py_ssize_t k = 1; k <= count; k++) { /* a long silence: a clause or sentence end */
        if (gap[k] == 0 || gap[k] < pause_clause)
            continue;
        PyObject *value = PyLong_FromSsize_t(k);
        if (value == NULL || PyList_Append(pause_list, value) < 0) {
            Py_XDECREF(value);
            goto done;
        }
        Py_DECREF(value);
        good[k] = 1;
        const i64 code = effective[k - 1], weak_part = code - code % weak;
        if (gap[k] >= pause_sentence)
            effective[k - 1] = sentence + weak_part;
        else if (code % weak > clause)
            effective[k - 1] = clause + weak_part;
    }
    /* the candidates: good gaps by their class (before line breaks and pauses counted),
     * every cue's first word, line starts and pauses; and every gap of a stretch between
     * two of them wider than a line or longer than max-duration */
    for (Py_ssize_t k = 0; k < count; k++) {
        i64 code;
        if (read_item(codes, k, &code))
            goto done;
        if (code >= 0 && code <= connective)
            good[k + 1] = 1;
    }
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(cue_firsts); i++) {
        i64 first;
        if (read_item(cue_firsts, i, &first) || first < 0 || first > count)
            goto bad_index;
        good[first] = 1;
    }
    good[0] = 1;
    good[count] = 0;
    candidate_list = PyList_New(0);
    if (candidate_list == NULL)
        goto done;
    Py_ssize_t previous = 0;
    for (Py_ssize_t k = 1; k <= count; k++) {
        if (!good[k] && k != count)
            continue;
        /* previous and k are neighbouring good gaps (count closes the list) */
        i64 prefix_previous, prefix_k, end, start;
        if (read_item(prefix, previous, &prefix_previous) || read_item(prefix, k, &prefix_k) ||
            read_item(ends, k - 1, &end) || read_item(starts, previous, &start))
            goto done;
        const int fill = prefix_k - prefix_previous > line || end - start > max_ms;
        for (Py_ssize_t at = previous; at < (fill ? k : previous + 1); at++) {
            PyObject *value = PyLong_FromSsize_t(at);
            if (value == NULL || PyList_Append(candidate_list, value) < 0) {
                Py_XDECREF(value);
                goto done;
            }
            Py_DECREF(value);
        }
        previous = k;
    }
    PyObject *last = PyLong_FromSsize_t(count);
    if (last == NULL || PyList_Append(candidate_list, last) < 0) {
        Py_XDECREF(last);
        goto done;
    }
    Py_DECREF(last);
    gap_list = list_of(gap, count + 1);
    effective_list = gap_list ? list_of(effective, count) : NULL;
    if (effective_list != NULL)
        result = PyTuple_Pack(4, gap_list, pause_list, effective_list, candidate_list);
    goto done;
bad_index:
    if (!PyErr_Occurred())
        PyErr_SetString(PyExc_IndexError, "reflow kernel: a word index out of range");
done:
    Py_XDECREF(gap_list);
    Py_XDECREF(pause_list);
    Py_XDECREF(effective_list);
    Py_XDECREF(candidate_list);
    free(gap);
    free(effective);
    free(good);
    return result;
}

/* chosen_times(bounds, segment, word_starts, word_ends, prefix, space, starts_of, need,
 *              min_ms, max_ms, gap_ms, cps_num, cps_den) -> (starts, ends, widths, origins):
 * the cues the DP chose (between consecutive bounds), timed; reflow._chosen_times_python
 * is the reference. */
static PyObject *chosen_times(PyObject *self, PyObject *args)
{
    PyObject *bounds, *segment, *word_starts, *word_ends, *prefix, *space, *starts_of, *need_list;
    long long min_ms, max_ms, gap_ms, cps_num, cps_den;
    if (!PyArg_ParseTuple(args, "O!O!O!O!O!O!O!O!LLLLL:chosen_times", &PyList_Type, &bounds,
                          &PyList_Type, &segment, &PyList_Type, &word_starts, &PyList_Type,
                          &word_ends, &PyList_Type, &prefix, &PyList_Type, &space, &PyList_Type,
                          &starts_of, &PyList_Type, &need_list, &min_ms, &max_ms, &gap_ms,
                          &cps_num, &cps_den))
        return NULL;
    if (cps_num <= 0 || cps_den <= 0) {
        PyErr_SetString(PyExc_ValueError, "reflow kernel: bad reading speed");
        return NULL;
    }
    const Py_ssize_t count = PyList_GET_SIZE(bounds) - 1;
    if (count < 0)
        return Py_BuildValue("([][][][])");
    i64 *memory = malloc(sizeof(i64) * 7 * (size_t)(count > 0 ? count : 1));
    if (memory == NULL)
        return PyErr_NoMemory();
    i64 *starts = memory, *ends = memory + count, *need = memory + 2 * count,
        *earliest = memory + 3 * count, *latest = memory + 4 * count,
        *widths = memory + 5 * count, *origins = memory + 6 * count;
    const Py_ssize_t need_size = PyList_GET_SIZE(need_list);
    PyObject *result = NULL;
    for (Py_ssize_t i = 0; i < count; i++) {
        i64 first, stop, prefix_first, space_first, prefix_stop, origin, following, start_of,
            following_start;
        if (read_item(bounds, i, &first) || read_item(bounds, i + 1, &stop) ||
            read_item(segment, first, &origin) || read_item(word_starts, first, &starts[i]) ||
            read_item(word_ends, stop - 1, &ends[i]) || read_item(prefix, first, &prefix_first) ||
            read_item(space, first, &space_first) || read_item(prefix, stop, &prefix_stop) ||
            read_item(segment, stop - 1, &following) || read_item(starts_of, origin, &start_of) ||
            read_item(starts_of, following + 1, &following_start))
            goto done;
        const i64 width = prefix_stop - prefix_first - space_first;
        widths[i] = width;
        origins[i] = origin;
        earliest[i] = start_of < starts[i] ? start_of : starts[i];
        latest[i] = following_start > ends[i] ? following_start : ends[i];
        i64 reading;
        if (width >= 0 && width < need_size) {
            if (read_item(need_list, width, &reading))
                goto done;
        } else {
            if (reading_ms(width, cps_num, cps_den, &reading))
                goto done;
        }
        need[i] = min2(max_ms, max2(min_ms, reading));
    }
    times_core(starts, ends, need, earliest, latest, count, max_ms, gap_ms);
    PyObject *lists[4] = {list_of(starts, count), list_of(ends, count), list_of(widths, count),
                          list_of(origins, count)};
    if (lists[0] && lists[1] && lists[2] && lists[3])
        result = PyTuple_Pack(4, lists[0], lists[1], lists[2], lists[3]);
    for (int i = 0; i < 4; i++)
        Py_XDECREF(lists[i]);
done:
    free(memory);
    return result;
}

/* " ".join(text[first:stop]), a new reference. */
static PyObject *joined(PyObject *text, PyObject *space, i64 first, i64 stop)
{
    PyObject *words = PyList_GetSlice(text, first, stop);
    if (words == NULL)
        return NULL;
    PyObject *line = PyUnicode_Join(space, words);
    Py_DECREF(words);
    return line;
}

/* cue_bodies(text, firsts, stops, splits, special) -> list: the text of each chosen cue
 * whose words are plain (no markup, each after a space): its words joined, a line break
 * before word splits[i] when that is > 0; None for the others (a word in ``special``, a
 * sorted list ending with one past the last word, or splits[i] == -2: more than two
 * lines), which reflow._render writes, as it would all of them. */
static PyObject *cue_bodies(PyObject *self, PyObject *args)
{
    PyObject *text, *firsts, *stops, *splits, *special;
    if (!PyArg_ParseTuple(args, "O!O!O!O!O!:cue_bodies", &PyList_Type, &text, &PyList_Type,
                          &firsts, &PyList_Type, &stops, &PyList_Type, &splits, &PyList_Type,
                          &special))
        return NULL;
    const Py_ssize_t n = PyList_GET_SIZE(firsts), words = PyList_GET_SIZE(text);
    const Py_ssize_t special_size = PyList_GET_SIZE(special);
    if (PyList_GET_SIZE(stops) != n || PyList_GET_SIZE(splits) != n || special_size < 1) {
        PyErr_SetString(PyExc_ValueError, "reflow kernel: cue_bodies' lists do not match");
        return NULL;
    }
    PyObject *space = PyUnicode_FromString(" "), *newline = PyUnicode_FromString("\n");
    PyObject *result = space && newline ? PyList_New(n) : NULL;
    if (result == NULL)
        goto failed;
    Py_ssize_t next = 0;
    i64 previous_stop = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        i64 first, stop, split, next_special;
        if (read_item(firsts, i, &first) || read_item(stops, i, &stop) ||
            read_item(splits, i, &split))
            goto failed;
        if (first < 0 || stop > words || first >= stop || first < previous_stop) {
            PyErr_SetString(PyExc_IndexError, "reflow kernel: a cue out of the words or order");
            goto failed;
        }
        previous_stop = stop;
        for (;;) {
            if (read_item(special, next, &next_special))
                goto failed;
            if (next_special >= first || next + 1 >= special_size)
                break;
            next++;
        }
        PyObject *body;
        if ((next_special >= first && next_special < stop) || split == -2) {
            body = Py_None;
            Py_INCREF(body);
        } else if (split > first && split < stop) {
            PyObject *lines[2] = {joined(text, space, first, split), NULL};
            lines[1] = lines[0] ? joined(text, space, split, stop) : NULL;
            PyObject *pair = lines[1] ? PyTuple_Pack(2, lines[0], lines[1]) : NULL;
            Py_XDECREF(lines[0]);
            Py_XDECREF(lines[1]);
            body = pair ? PyUnicode_Join(newline, pair) : NULL;
            Py_XDECREF(pair);
        } else {
            body = joined(text, space, first, stop);
        }
        if (body == NULL)
            goto failed;
        PyList_SET_ITEM(result, i, body);
    }
    Py_DECREF(space);
    Py_DECREF(newline);
    return result;
failed:
    Py_XDECREF(space);
    Py_XDECREF(newline);
    Py_XDECREF(result);
    return NULL;
}

static PyMethodDef methods[] = {
    {"cue_bodies", cue_bodies, METH_VARARGS, "The plain chosen cues' text (reflow.py)."},
    {"chosen_times", chosen_times, METH_VARARGS, "The chosen cues, timed (reflow.py)."},
    {"layout_arrays", layout_arrays, METH_VARARGS, "Gaps, codes, candidates (reflow.py)."},
    {"gap_codes", gap_codes, METH_VARARGS, "Each gap's break code (convert/reflow.py)."},
    {"line_breaks", line_breaks, METH_VARARGS, "Two-line breaks of chosen cues (reflow.py)."},
    {"cues", cues, METH_VARARGS, "The cue boundaries of one block (see convert/reflow.py)."},
    {"word_times", word_times, METH_VARARGS, "Words' times by characters (convert/reflow.py)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "convert._reflow_kernel",
    "Reflow's dynamic programme, compiled; convert/reflow.py holds the reference.", -1,
    methods,
};

PyMODINIT_FUNC PyInit__reflow_kernel(void)
{
    PyObject *m = PyModule_Create(&module);
    if (m == NULL)
        return NULL;
    if (PyModule_AddStringConstant(m, "SOURCE_DIGEST", SUBCONV_SOURCE_DIGEST) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
