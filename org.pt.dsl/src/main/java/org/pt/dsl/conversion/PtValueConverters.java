package org.pt.dsl.conversion;

import org.eclipse.xtext.common.services.DefaultTerminalConverters;
import org.eclipse.xtext.conversion.IValueConverter;
import org.eclipse.xtext.conversion.ValueConverter;
import org.eclipse.xtext.conversion.ValueConverterException;
import org.eclipse.xtext.nodemodel.INode;
import org.pt.dsl.validation.IssueCodes;
import org.pt.engine.core.Unsigned;

/**
 * Value converters: NUMBER literals are unsigned 64-bit, hex ({@code 0x}), octal ({@code 0o}), binary ({@code 0b}) or
 * decimal, with {@code _} separators between digits ({@code 1_} is an error). A literal beyond 64 bits (a 17-digit hex number) is an error at the token with
 * code {@link IssueCodes#NUMBER_OVERFLOW}, through {@link PtSyntaxErrorMessageProvider}.
 */
public class PtValueConverters extends DefaultTerminalConverters {

    /** A NUMBER literal that is not an unsigned 64-bit number; carries the issue code. */
    public static final class NumberException extends ValueConverterException {
        private static final long serialVersionUID = 1L;
        private final String code;

        NumberException(String message, INode node, String code) {
            super(message, node, null);
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    @ValueConverter(rule = "NUMBER")
    public IValueConverter<Long> number() {
        return new IValueConverter<>() {
            @Override
            public Long toValue(String text, INode node) {
                if (text == null || text.isEmpty()) {
                    throw new NumberException("a number is missing", node, IssueCodes.INVALID_NUMBER);
                }
                if (text.endsWith("_") && !text.replace("_", "").matches("0[xXoObB]")) {
                    throw new NumberException("'" + text + "' ends with '_': '_' only separates digits", node,
                            IssueCodes.INVALID_NUMBER);
                }
                try {
                    return Unsigned.parse(text);
                } catch (NumberFormatException e) {
                    String digits = text.replace("_", "");
                    boolean prefixed = digits.length() >= 2 && digits.charAt(0) == '0'
                            && "xXoObB".indexOf(digits.charAt(1)) >= 0;
                    if (prefixed && digits.length() == 2) {
                        throw new NumberException("'" + text + "' has no digits after its prefix", node,
                                IssueCodes.INVALID_NUMBER);
                    }
                    throw new NumberException("'" + text + "' does not fit in 64 bits (the largest number is "
                            + "0xffff_ffff_ffff_ffff)", node, IssueCodes.NUMBER_OVERFLOW);
                }
            }

            @Override
            public String toString(Long value) {
                return Unsigned.hex(value);
            }
        };
    }
}
