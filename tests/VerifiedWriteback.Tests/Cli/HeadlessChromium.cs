using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace VerifiedWriteback.Tests.Cli;

/// <summary>
/// Debian's Chromium, headless, driven over the DevTools protocol (a WebSocket on 127.0.0.1 that
/// .NET's ClientWebSocket speaks): it loads a page, reports what the page's console and
/// JavaScript said (errors and uncaught exceptions), evaluates expressions in the page and
/// clicks with real mouse events. One browser per instance; disposing closes it.
/// </summary>
internal sealed partial class HeadlessChromium : IDisposable
{
    public const string Executable = "/usr/bin/chromium";

    /// <summary>Generous: a cold start of Chromium on a loaded two-core machine takes seconds.</summary>
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan CommandLimit = TimeSpan.FromSeconds(60);

    private readonly Process process;
    private readonly ClientWebSocket socket = new();
    private readonly List<string> problems = [];
    private readonly List<string> browserOutput = [];
    /// <summary>Every event received, by name, in order (an event may arrive before the reply to the command that caused it).</summary>
    private readonly List<string> events = [];
    private string? session;
    private int nextId;

    /// <summary>What the page reported as an error: console.error/assert, an uncaught exception, an error log entry.</summary>
    public IReadOnlyList<string> Problems => problems;

    public HeadlessChromium(string profileFolder)
    {
        var info = new ProcessStartInfo(Executable)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var a in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions",
            "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", $"--user-data-dir={profileFolder}", "about:blank",
        })
        {
            info.ArgumentList.Add(a);
        }
        var endpoint = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        process = new Process { StartInfo = info };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not { } line)
            {
                return;
            }
            lock (browserOutput)
            {
                browserOutput.Add(line);
            }
            if (DevToolsLine().Match(line) is { Success: true } m)
            {
                endpoint.TrySetResult(m.Groups[1].Value);
            }
        };
        process.OutputDataReceived += (_, _) => { };
        process.Start();
        process.StandardInput.Close();
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        if (!endpoint.Task.Wait(StartLimit))
        {
            throw new InvalidOperationException($"chromium printed no DevTools endpoint within {StartLimit.TotalSeconds} s:\n{Output()}");
        }
        using var connect = new CancellationTokenSource(StartLimit);
        socket.ConnectAsync(new Uri(endpoint.Task.Result), connect.Token).GetAwaiter().GetResult();
        var target = Send("Target.createTarget", new JsonObject { ["url"] = "about:blank" })["targetId"]!.GetValue<string>();
        session = Send("Target.attachToTarget", new JsonObject { ["targetId"] = target, ["flatten"] = true }, browserLevel: true)["sessionId"]!.GetValue<string>();
        Send("Runtime.enable");
        Send("Log.enable");
        Send("Page.enable");
    }

    /// <summary>Loads <paramref name="file"/> and waits for its load event (scripts have run by then).</summary>
    public void Open(string file)
    {
        var mark = events.Count;
        var navigation = Send("Page.navigate", new JsonObject { ["url"] = new Uri(file).AbsoluteUri });
        if (navigation["errorText"] is { } error)
        {
            throw new InvalidOperationException($"chromium could not open {file}: {error}");
        }
        WaitFor("Page.loadEventFired", mark);
    }

    /// <summary>The value of a JavaScript expression in the page (JSON-serialisable values only).</summary>
    public JsonNode? Evaluate(string expression)
    {
        var result = Send("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true, ["awaitPromise"] = true });
        if (result["exceptionDetails"] is { } exception)
        {
            throw new InvalidOperationException($"the page threw evaluating {expression}: {exception.ToJsonString()}");
        }
        return result["result"]?["value"];
    }

    /// <summary>
    /// A left click with the mouse, as a person makes it, on the element <paramref name="selector"/>
    /// finds: scrolled into view, at a point of it that nothing else covers.
    /// </summary>
    public void Click(string selector)
    {
        var box = Evaluate($$"""
            (function () {
              var e = document.querySelector({{JsonValue.Create(selector)!.ToJsonString()}});
              if (!e) { return null; }
              e.scrollIntoView({ block: 'center', inline: 'center' });
              var r = e.getBoundingClientRect();
              for (var i = 1; i < 8; i++) {
                for (var j = 1; j < 4; j++) {
                  var x = r.left + r.width * i / 8, y = r.top + r.height * j / 4;
                  var hit = document.elementFromPoint(x, y);
                  if (hit && (hit === e || e.contains(hit))) { return { x: x, y: y }; }
                }
              }
              return null;
            })()
            """) ?? throw new InvalidOperationException($"nothing to click: {selector} is missing or covered");
        foreach (var type in new[] { "mouseMoved", "mousePressed", "mouseReleased" })
        {
            Send("Input.dispatchMouseEvent", new JsonObject
            {
                ["type"] = type,
                ["x"] = box["x"]!.GetValue<double>(),
                ["y"] = box["y"]!.GetValue<double>(),
                ["button"] = type == "mouseMoved" ? "none" : "left",
                ["clickCount"] = type == "mouseMoved" ? 0 : 1,
            });
        }
    }

    private JsonNode Send(string method, JsonObject? parameters = null, bool browserLevel = false)
    {
        var id = ++nextId;
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
        if (session is not null && !browserLevel)
        {
            message["sessionId"] = session;
        }
        using var timeout = new CancellationTokenSource(CommandLimit);
        socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, timeout.Token).GetAwaiter().GetResult();
        while (true)
        {
            var reply = Receive(method, timeout.Token);
            if (reply["id"]?.GetValue<int>() == id)
            {
                if (reply["error"] is { } error)
                {
                    throw new InvalidOperationException($"{method}: {error.ToJsonString()}");
                }
                return reply["result"]!;
            }
        }
    }

    private void WaitFor(string eventName, int since)
    {
        using var timeout = new CancellationTokenSource(CommandLimit);
        while (!events.Skip(since).Contains(eventName))
        {
            Receive(eventName, timeout.Token);
        }
    }

    /// <summary>The next message; events that report a problem are kept in <see cref="Problems"/>.</summary>
    private JsonNode Receive(string waitingFor, CancellationToken token)
    {
        var buffer = new byte[64 * 1024];
        using var text = new MemoryStream();
        WebSocketReceiveResult part;
        try
        {
            do
            {
                part = socket.ReceiveAsync(buffer, token).GetAwaiter().GetResult();
                text.Write(buffer, 0, part.Count);
            }
            while (!part.EndOfMessage);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"chromium did not answer {waitingFor} within {CommandLimit.TotalSeconds} s:\n{Output()}");
        }
        var message = JsonNode.Parse(text.ToArray())!;
        var p = message["params"];
        if (message["method"]?.GetValue<string>() is { } name)
        {
            events.Add(name);
        }
        switch (message["method"]?.GetValue<string>())
        {
            case "Runtime.consoleAPICalled" when p!["type"]!.GetValue<string>() is "error" or "assert":
                problems.Add($"console.{p["type"]}: {p["args"]?.ToJsonString()}");
                break;
            case "Runtime.exceptionThrown":
                problems.Add($"uncaught exception: {p!["exceptionDetails"]?.ToJsonString()}");
                break;
            case "Log.entryAdded" when p!["entry"]!["level"]!.GetValue<string>() == "error":
                problems.Add($"log error: {p["entry"]!.ToJsonString()}");
                break;
        }
        return message;
    }

    private string Output()
    {
        lock (browserOutput)
        {
            return string.Join('\n', browserOutput.TakeLast(20));
        }
    }

    public void Dispose()
    {
        try
        {
            if (socket.State == WebSocketState.Open)
            {
                session = null;
                using var close = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                var id = ++nextId;
                socket.SendAsync(Encoding.UTF8.GetBytes(new JsonObject { ["id"] = id, ["method"] = "Browser.close" }.ToJsonString()),
                    WebSocketMessageType.Text, true, close.Token).GetAwaiter().GetResult();
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
        {
            // The browser is killed below in any case.
        }
        if (!process.WaitForExit(TimeSpan.FromSeconds(15)))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(TimeSpan.FromSeconds(15));
        }
        socket.Dispose();
        process.Dispose();
    }

    [GeneratedRegex(@"DevTools listening on (ws://\S+)")]
    private static partial Regex DevToolsLine();
}
