package org.rtfm4j.srl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed SRL programs, each with the exact errors it must give: {@code file:line:column:} and
 * what was expected and found (or why the construct is refused, citing the RFC). Programs with
 * several independent mistakes give one error each.
 */
class SrlErrorsTest {
  private static Arguments bad(String program, String... errors) {
    return Arguments.of(program, Arrays.asList(errors));
  }

  static Stream<Arguments> table() {
    return Stream.of(
        // ---------------------------------------------------------------- syntax
        bad("count", "1:6: expected ';', found end of file"),
        bad("if SourcePeerAddress = 1 count;", "1:22: expected '==', found '='"),
        bad("if SourcePeerAddress == count;", "1:25: expected a value, found 'count'"),
        bad("if SourcePeerAddress == 1.2.3.4 && count;",
            "1:36: expected an attribute or '(', found 'count'"),
        bad("if (SourcePeerType == 1 count;", "1:25: expected ')', found 'count'"),
        bad("if SourcePeerAddress == (1.2.3.4, ) count;", "1:35: expected a value, found ')'"),
        bad("if SourceTransAddress == 80 / count;",
            "1:31: expected a width in bits, found 'count'"),
        bad("if SourcePeerType == 1 save count;",
            "1:29: expected an attribute, ',' or ';' after SAVE, found 'count'"),
        bad("if SourcePeerAddress == 1.2.3.4 count", "1:38: expected ';', found end of file"),
        bad("if SourceTransType == 6 { count; ", "1:34: expected '}', found end of file"),
        bad("count; }", "1:8: expected a statement, found '}'"),
        bad("else count;", "1:1: expected a statement, found 'else'"),
        bad("\"x\" count;", "1:1: expected a statement, found a string"),
        bad("lbl count;", "1:1: expected a statement, found 'lbl'"),
        bad("lbl: count;", "1:6: expected '{' after the label lbl:, found 'count'"),
        bad("store FlowKind = 1; count;", "1:16: expected ':=', found '='"),
        bad("call s(SourcePeerAddress) count; endcall;",
            "1:27: expected a return number label (n:) or ENDCALL, found 'count'"),
        bad("call s (SourcePeerAddress endcall;", "1:27: expected ')', found 'endcall'"),
        bad("subroutine s (foo a) return; endsub; count;",
            "1:15: expected ADDRESS or VARIABLE, found 'foo'"),
        bad("count;\nsubroutine s (address a) return 1;",
            "2:35: expected a statement or ENDSUB, found end of file"),
        bad("format \"abc; count;",
            "1:8: expected an attribute name, a quoted separator or ';', found '\"'"),
        bad("", "1:1: expected a statement, found end of file (the program has no statements)"),
        // Three independent mistakes: three errors, in source order.
        bad("if SourcePeerType == 1 save, count;\n  garbage here;\nif (SourceTransType == 6"
            + " count;\nif SourcePeerType = 2 count;",
            "2:3: expected a statement, found 'garbage'",
            "3:26: expected ')', found 'count'",
            "4:19: expected '==', found '='"),
        // ---------------------------------------------------------------- DEFINE (§2.1)
        bad("define a = a; if SourcePeerType == a count;",
            "1:36: define 'a' uses itself (defined at 1:8)"),
        bad("define if = 1; count;",
            "1:8: expected a define name, found 'if', which is a reserved word (RFC 2723 §2)"),
        bad("define x 1; count;", "1:10: expected '=' after define x, found '1'"),
        bad("define x = 1; define X = 2; count;", "1:22: define 'X' is already defined (at 1:8)"),
        bad("define x = 1", "1:8: expected ';' at the end of define x, found end of file"),
        // ---------------------------------------------------------------- names
        bad("if Foo == 1 count;", "1:4: expected an attribute, found 'Foo'"),
        bad("if v1 == 1 count;", "1:4: expected an attribute, found 'v1'"),
        bad("if ToOctets == 1 count;", "1:4: expected an attribute that rules can test, found"
            + " ToOctets (a measured attribute of flows, RFC 2723 Appendix C)"),
        bad("if FlowRuleset == 5 count;", "1:4: expected an attribute that rules can test, found"
            + " RuleSet (this meter's rules cannot test it: it is not an RFC 2720"
            + " RuleAttributeNumber)"),
        bad("save MatchingStoD; count;", "1:6: expected an attribute that can be saved, found"
            + " MatchingStoD (RFC 2723 Appendix C: it may be tested, not saved)"),
        bad("store SourcePeerAddress := 1; count;", "1:7: expected an SRL variable (SourceClass,"
            + " DestClass, FlowClass, SourceKind, DestKind, FlowKind or a VARIABLE parameter),"
            + " found 'SourcePeerAddress' (RFC 2723 §3.3.6)"),
        // ---------------------------------------------------------------- values (Appendix B)
        bad("if SourcePeerAddress == 130.216.999 count;", "1:33: expected a value for"
            + " SourcePeerAddress, found '130.216.999': byte field 999 is greater than 255"),
        bad("if SourceTransAddress == 70000 count;", "1:26: expected a value for"
            + " SourceTransAddress, found '70000': 70000 does not fit in the 2 bytes of"
            + " SourceTransAddress"),
        bad("if SourceTransAddress == 'W' count;", "1:26: expected a value for"
            + " SourceTransAddress, found 'W': a character constant needs a one-byte attribute;"
            + " SourceTransAddress is 2 bytes"),
        bad("store FlowKind := 'WW'; count;", "1:19: expected a value for FlowKind, found 'WW':"
            + " malformed character constant 'WW'"),
        bad("store FlowKind := 300; count;", "1:19: expected a value for FlowKind, found '300':"
            + " 300 does not fit in the 1 byte of FlowKind"),
        bad("define net = 130.999; if SourcePeerAddress == net count;", "1:47: expected a value"
            + " for SourcePeerAddress, found '130.999' (from define 'net'): byte field 999 is"
            + " greater than 255"),
        bad("save SourcePeerAddress /129; count;", "1:25: expected a width of 0..128 bits"
            + " (SourcePeerAddress is 16 bytes), found 129"),
        bad("if SourcePeerAddress == 1.2.3.4 & zz count;", "1:35: expected a mask for"
            + " SourcePeerAddress, found 'zz': 'zz' is not a number"),
        bad("if SourcePeerAddress == 10/8 count;", "1:25: expected a value inside its mask,"
            + " found '10' with bits outside the mask: SourcePeerAddress is ANDed with the mask"
            + " before it is compared (RFC 2722 §4.4), so it could never match; a single number"
            + " fills the whole attribute (RFC 2723 Appendix B), so write 10.0 for a leading"
            + " byte"),
        // ---------------------------------------------------------------- statements
        bad("exit nowhere; count;",
            "1:6: expected the label of an enclosing compound statement, found 'nowhere'"),
        bad("a: { count; } b: { exit a; }",
            "1:25: expected the label of an enclosing compound statement, found 'a'"),
        bad("a: { a: { count; } }", "1:6: label 'a' is already used (at 1:1); labels must be"
            + " unique outside subroutines (RFC 2723 §3.2)"),
        bad("return 1;", "1:1: expected a statement that can appear outside a subroutine, found"
            + " 'return' (RETURN is valid only within subroutines, RFC 2723 §3.1.7)"),
        bad("set 1; count;", "1:5: expected a rule set number 2..255, found 1 (0 means 'cease"
            + " measuring' and 1 is the built-in rule set, RFC 2722 §4.4; a flow carries its"
            + " rule set in one byte, RFC 2720)"),
        bad("format SourcePeerAddress Foo; count;", "1:26: expected a flow attribute (RFC 2720"
            + " FlowAttributeNumber) in FORMAT, found 'Foo'"),
        // ---------------------------------------------------------------- CALL and SUBROUTINE
        bad("call foo() endcall; count;", "1:6: expected the name of a subroutine, found 'foo'"
            + " (no SUBROUTINE foo is declared)"),
        bad("call s(SourceKind) endcall; count;\nsubroutine s (address a) return 1; endsub;",
            "1:8: expected an attribute other than the six SRL variables for ADDRESS a, found"
                + " SourceKind (RFC 2723 §3.4)"),
        bad("call s(SourcePeerAddress) endcall; count;\nsubroutine s (variable k) return; endsub;",
            "1:8: expected an SRL variable (SourceClass, DestClass, FlowClass, SourceKind,"
                + " DestKind or FlowKind) for VARIABLE k, found SourcePeerAddress (RFC 2723"
                + " §3.4)"),
        bad("call s(SourcePeerAddress, DestPeerAddress) endcall; count;\n"
            + "subroutine s (address a) return 1; endsub;",
            "1:6: expected 1 parameter for subroutine 's', found 2"),
        bad("call s(SourcePeerAddress) endcall; count;\n"
            + "subroutine s (address a) call s(a) endcall; return; endsub;",
            "2:31: subroutine 's' calls itself (through this CALL): subroutines cannot be"
                + " recursive, their parameters are the five meter variables (RFC 2722 §4.4)",
            "2:33: expected an attribute, found 'a', a parameter of 's': a meter variable holds"
                + " an attribute, not another meter variable (RFC 2722 §4.4), so parameters"
                + " cannot be passed on"),
        bad("call s (SourcePeerAddress) 1: count; 1: ignore; endcall; count;\n"
            + "subroutine s (address a) return 1; endsub;",
            "1:38: return number 1 is already used in this CALL (at 1:28)"),
        bad("subroutine s () return; endsub;\nsubroutine S () return; endsub;\ncount;",
            "2:12: subroutine 'S' is already declared (at 1:12)"),
        bad("subroutine s (address a, variable A) return; endsub;\ncount;",
            "1:35: parameter 'A' is already declared (at 1:23)"),
        bad("call s (SourcePeerAddress) endcall; count;\n"
            + "subroutine s (address a) x: { exit y; } return; endsub;\n",
            "2:36: expected the label of an enclosing compound statement, found 'y' (EXIT in a"
                + " subroutine cannot leave it, RFC 2723 §3.4)"));
  }

  @ParameterizedTest
  @MethodSource("table")
  void malformedProgramsGiveLineColumnErrors(String program, List<String> errors) {
    SrlException e = assertThrows(SrlException.class,
        () -> SrlCompiler.compile("bad.srl", program));
    assertEquals(errors.stream().map(m -> "bad.srl:" + m).toList(), e.errors(), program);
    assertEquals(String.join("\n", e.errors()), e.getMessage());
  }
}
