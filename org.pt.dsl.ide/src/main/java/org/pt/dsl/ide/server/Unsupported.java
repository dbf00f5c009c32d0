package org.pt.dsl.ide.server;

import java.util.concurrent.CompletionException;
import org.eclipse.lsp4j.jsonrpc.RemoteEndpoint;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;

/**
 * The answer to a request the server does not offer: MethodNotFound (-32601), as JSON-RPC says, not an internal
 * error (-32603). LSP4J routes a request its interfaces know but the server does not implement (type hierarchy,
 * monikers, ...) to the interface's default method, which throws {@link UnsupportedOperationException}; LSP4J would
 * answer that as an internal error. A method LSP4J does not know goes to {@link PtLanguageServer#request}.
 */
final class Unsupported {

    private Unsupported() {
    }

    /** The error for a request that failed with {@code failure}: LSP4J's, but MethodNotFound for unoffered requests. */
    static ResponseError responseError(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
                : failure;
        if (cause instanceof UnsupportedOperationException && cause.getStackTrace().length > 0
                && cause.getStackTrace()[0].getClassName().startsWith("org.eclipse.lsp4j.services.")) {
            return methodNotFound(cause.getStackTrace()[0].getMethodName());
        }
        return RemoteEndpoint.DEFAULT_EXCEPTION_HANDLER.apply(failure);
    }

    static ResponseError methodNotFound(String method) {
        return new ResponseError(ResponseErrorCode.MethodNotFound, "PT's language server does not offer " + method,
                null);
    }

    static ResponseErrorException notFound(String method) {
        return new ResponseErrorException(methodNotFound(method));
    }
}
