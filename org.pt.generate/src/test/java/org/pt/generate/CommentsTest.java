package org.pt.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Spec text in generated comments and identifiers: nothing can end a comment or inject code. */
class CommentsTest {

    @Test
    void commentTextCannotEndTheCommentOrTheLine() {
        assertEquals("a |* b *| c", Comments.safe("a /* b */ c"));
        assertEquals("x y", Comments.safe("x\ny"));
        assertEquals("x  #define EVIL", Comments.safe("x\r\n#define EVIL"));
        assertEquals("path|to|", Comments.safe("path\\to\\"));
        assertEquals("caf?", Comments.safe("caf\u00e9"));
        assertEquals("*|", Comments.safe("*\\"));
    }

    @Test
    void identifiersArePrefixedAndValid() {
        assertEquals("pt_kernel", Identifiers.of("pt_", "kernel"));
        assertEquals("pt_examples_rust_os_kernel", Identifiers.of("pt_", "examples.rust_os.kernel"));
        assertEquals("pt_a_b_c", Identifiers.of("pt_", "a-b c"));
        assertEquals("_1st", Identifiers.of("", "1st"));
        assertEquals("int_", Identifiers.of("", "int"));
        assertEquals("PT_KERNEL", Identifiers.constant("pt_", "kernel"));
    }
}
