package org.pt.dsl.conversion;

import org.eclipse.xtext.parser.antlr.SyntaxErrorMessageProvider;
import org.eclipse.xtext.parser.antlr.ISyntaxErrorMessageProvider.IValueConverterErrorContext;
import org.eclipse.xtext.nodemodel.SyntaxErrorMessage;

/** Gives the errors of {@link PtValueConverters} their PT issue codes (e.g. a number beyond 64 bits). */
public class PtSyntaxErrorMessageProvider extends SyntaxErrorMessageProvider {

    @Override
    public SyntaxErrorMessage getSyntaxErrorMessage(IValueConverterErrorContext context) {
        if (context.getValueConverterException() instanceof PtValueConverters.NumberException n) {
            return new SyntaxErrorMessage(context.getDefaultMessage(), n.code());
        }
        return super.getSyntaxErrorMessage(context);
    }
}
