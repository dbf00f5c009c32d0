package org.pt.dsl.ide.server;

import com.google.inject.Guice;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.xtext.ide.server.LanguageServerImpl;

/**
 * Starts PT's language server ({@link PtServerModule}) over a pair of streams: the process's standard input and
 * output, or one connection to a local socket. {@code ptc lsp} is the command that runs it.
 */
public final class PtServerLauncher {

    private PtServerLauncher() {
    }

    /**
     * Connects a new server to a client over {@code in} and {@code out} and starts reading requests: a
     * {@link ServerFront} that answers {@code initialize} at once while the server is built on a thread of its own.
     *
     * @return the front, and the future that completes when {@code in} ends
     */
    public static Running start(InputStream in, OutputStream out) {
        return start(in, out, PtServerLauncher::newServer, System::exit);
    }

    /**
     * {@link #start(InputStream, OutputStream)} with the server built by {@code setUp} (a test delays it, or makes it
     * fail) and the process ended by {@code exit} (a test records the status instead).
     */
    public static Running start(InputStream in, OutputStream out, Supplier<? extends LanguageServerImpl> setUp,
            IntConsumer exit) {
        ServerFront front = new ServerFront(setUp, exit);
        Launcher<LanguageClient> launcher = new Launcher.Builder<LanguageClient>().setLocalService(front)
                .setRemoteInterface(LanguageClient.class).setInput(in).setOutput(out)
                .setExceptionHandler(Unsupported::responseError).create();
        front.connect(launcher.getRemoteProxy());
        return new Running(front, launcher.startListening());
    }

    /** A new server of PT's language (Guice and Xtext set it up: 1–2 s). */
    public static LanguageServerImpl newServer() {
        return Guice.createInjector(new PtServerModule()).getInstance(LanguageServerImpl.class);
    }

    /** A started front and the future of its input's end. */
    public record Running(ServerFront front, Future<Void> listening) {

        /** The server behind the front, waiting until it is built (it is, once the first message has come). */
        public PtLanguageServer server() {
            return (PtLanguageServer) front.server().join();
        }
    }

    /**
     * Serves one client over this process's standard input and output until the input ends (or the client sends
     * {@code exit}, which ends the process). Anything else written to {@code System.out} goes to standard error from
     * now on, so that no library's message can corrupt the protocol.
     */
    public static void serveStandardStreams() throws InterruptedException, ExecutionException {
        InputStream in = System.in;
        PrintStream out = System.out;
        System.setOut(System.err);
        System.setIn(InputStream.nullInputStream());
        start(in, out).listening().get();
    }

    /**
     * Serves one client that connects to {@code port} on the loopback interface (0: any free port), until it
     * disconnects. Says where it listens on {@code messages} ({@code ptc lsp: listening on 127.0.0.1:PORT}).
     */
    public static void serveSocket(int port, PrintStream messages)
            throws IOException, InterruptedException, ExecutionException {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            messages.println("ptc lsp: listening on " + socket.getInetAddress().getHostAddress() + ":"
                    + socket.getLocalPort());
            messages.flush();
            try (Socket client = socket.accept()) {
                start(client.getInputStream(), client.getOutputStream()).listening().get();
            }
        }
    }
}
