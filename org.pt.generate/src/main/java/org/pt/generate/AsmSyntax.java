package org.pt.generate;

/**
 * The few lines in which GNU as and NASM differ for data: comments, globals, labels, zero fill and data directives.
 * Every method returns one line without its line end; text passed for comments is already {@link Comments#safe}.
 */
interface AsmSyntax {

    String comment(String text);

    String global(String label);

    String label(String label);

    /** {@code bytes} zero bytes. */
    String skip(long bytes);

    /** The directive (with its trailing blank) for {@code bytes}-byte data items. */
    String data(int bytes);

    /** GNU as, in the syntax the x86, RISC-V, AArch64 and ARM ports all accept. */
    AsmSyntax GAS = new AsmSyntax() {
        @Override
        public String comment(String text) {
            return "/* " + text + " */";
        }

        @Override
        public String global(String label) {
            return "\t.globl " + label;
        }

        @Override
        public String label(String label) {
            return label + ":";
        }

        @Override
        public String skip(long bytes) {
            return "\t.skip " + bytes;
        }

        @Override
        public String data(int bytes) {
            return bytes == 8 ? "\t.quad " : "\t.4byte ";
        }
    };

    /** NASM (x86 only). */
    AsmSyntax NASM = new AsmSyntax() {
        @Override
        public String comment(String text) {
            return "; " + text;
        }

        @Override
        public String global(String label) {
            return "global " + label;
        }

        @Override
        public String label(String label) {
            return label + ":";
        }

        @Override
        public String skip(long bytes) {
            return "\ttimes " + bytes + " db 0";
        }

        @Override
        public String data(int bytes) {
            return bytes == 8 ? "\tdq " : "\tdd ";
        }
    };
}
