using System.Diagnostics.Tracing;
using Hpc.NoiseStudies.Results;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace Hpc.NoiseStudies.Running;

/// <summary>
/// Collects GC pauses and JIT compilations of a running .NET process from outside it, through its diagnostics port
/// (EventPipe): the measured threads do nothing for it; the runtime's EventPipe thread writes the events.
/// </summary>
internal sealed class RuntimeEventCollector : IDisposable
{
    /// <summary>GC (0x1), JIT (0x10) and tiered compilation (0x400000000) keywords of the runtime provider.</summary>
    private const long Keywords = 0x1 | 0x10 | 0x4_0000_0000;

    /// <summary>The session.</summary>
    private readonly EventPipeSession _session;
    /// <summary>The thread parsing the stream.</summary>
    private readonly Thread _reader;
    /// <summary>Events seen so far.</summary>
    private readonly List<RuntimeEvent> _events = [];
    /// <summary>Open GC pause: its start (UTC ns) and what started it.</summary>
    private (double Start, string Detail)? _pause;
    /// <summary>Methods being compiled, by method id: start (UTC ns) and name.</summary>
    private readonly Dictionary<(long Method, int Thread), (double Start, string Name)> _jitting = [];

    /// <summary>Starts a session on <paramref name="session"/>'s stream.</summary>
    private RuntimeEventCollector(EventPipeSession session)
    {
        _session = session;
        _reader = new Thread(Read) { IsBackground = true, Name = "EventPipe reader" };
        _reader.Start();
    }

    /// <summary>
    /// Attaches to process <paramref name="processId"/> once its diagnostics port exists (waiting at most
    /// <paramref name="wait"/>); null with <paramref name="error"/> set when that fails.
    /// </summary>
    public static RuntimeEventCollector? TryStart(int processId, TimeSpan wait, out string? error)
    {
        DateTime deadline = DateTime.UtcNow + wait;
        var providers = new[] { new EventPipeProvider(ClrTraceEventParser.ProviderName, EventLevel.Verbose, Keywords) };
        while (true)
        {
            try
            {
                var client = new DiagnosticsClient(processId);
                EventPipeSession session = client.StartEventPipeSession(providers, requestRundown: false, circularBufferMB: 64);
                error = null;
                return new RuntimeEventCollector(session);
            }
            catch (Exception e) when (e is ServerNotAvailableException or IOException or UnauthorizedAccessException or TimeoutException or ArgumentException or InvalidOperationException)
            {
                if (DateTime.UtcNow > deadline)
                {
                    error = $"cannot attach to pid {processId}: {e.Message}";
                    return null;
                }

                Thread.Sleep(20);
            }
        }
    }

    /// <summary>Waits for the stream to end (the process exited) and returns the events, ordered by start.</summary>
    public IReadOnlyList<RuntimeEvent> Finish(TimeSpan wait)
    {
        if (!_reader.Join(wait))
        {
            try
            {
                _session.Stop();
            }
            catch (Exception e) when (e is ServerNotAvailableException or IOException or TimeoutException)
            {
            }

            _reader.Join(wait);
        }

        lock (_events)
        {
            return [.. _events.OrderBy(e => e.StartUtcNs)];
        }
    }

    /// <summary>Ends the session.</summary>
    public void Dispose() => _session.Dispose();

    /// <summary>The reader thread: parses events until the stream ends.</summary>
    private void Read()
    {
        try
        {
            using var source = new EventPipeEventSource(_session.EventStream);
            source.Clr.GCSuspendEEStart += e => _pause = (Utc(e), $"suspend ({e.Reason})");
            source.Clr.GCStart += e => _pause = _pause is { } open ? (open.Start, $"gen{e.Depth} {e.Reason}") : (Utc(e), $"gen{e.Depth} {e.Reason}");
            source.Clr.GCRestartEEStop += e =>
            {
                if (_pause is { } open)
                {
                    Add(new RuntimeEvent("gc", open.Start, Utc(e), open.Detail));
                    _pause = null;
                }
            };
            source.Clr.MethodJittingStarted += e => _jitting[(e.MethodID, e.ThreadID)] = (Utc(e), $"{e.MethodNamespace}.{e.MethodName}");
            source.Clr.MethodLoadVerbose += e =>
            {
                if (_jitting.Remove((e.MethodID, e.ThreadID), out var open))
                {
                    Add(new RuntimeEvent("jit", open.Start, Utc(e), $"{open.Name} ({e.OptimizationTier})"));
                }
            };
            source.Process();
        }
        catch (Exception e) when (e is IOException or EndOfStreamException or ObjectDisposedException or FormatException or InvalidOperationException)
        {
            // The process ended mid-event: what was read is kept.
        }
    }

    /// <summary>Adds one finished event.</summary>
    private void Add(RuntimeEvent runtimeEvent)
    {
        lock (_events)
        {
            _events.Add(runtimeEvent);
        }
    }

    /// <summary>An event's time as ns since the Unix epoch.</summary>
    private static double Utc(TraceEvent e) => (e.TimeStamp.ToUniversalTime() - DateTime.UnixEpoch).Ticks * 100.0;
}
