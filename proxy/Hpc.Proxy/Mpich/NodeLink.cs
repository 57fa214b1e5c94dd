using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using Hpc.Hosted;

namespace Hpc.Proxy.Mpich;

/// <summary>
/// A proxy-to-proxy message link over MPICH: one per-node proxy is one MPI process (launched by hydra, one per node).
/// One dedicated thread owns MPI (MPI_THREAD_FUNNELED); callers on any thread hand it messages and take what arrived.
/// <code>
/// static NodeLink Start(NodeLinkOptions? options = null)   // once per process: loads MPICH, MPI_Init_thread on the
///                                                          // link's thread, marks descriptors above 2 close-on-exec
/// int Node { get; }  int NodeCount { get; }  int MaxTag { get; }   const int MaxMessageLength = 1 GiB
/// void Send(int node, int tag, ReadOnlyMemory&lt;byte&gt; message, Action? onSent = null)   // never blocks; any thread
/// void SendCopy(int node, int tag, ReadOnlySpan&lt;byte&gt; message)  // copies; from a hook: a reused frame, no allocation
/// bool TryReceive(out NodeMessage message)                  // in order per (node, tag); throws NodeFailedException
///                                                          // once the link failed and nothing is left to take
/// bool WaitForArrival(TimeSpan timeout)                     // true: something to take (or the failure to see)
/// NodeLinkOptions.OnArrival / OnPoll / IdleWait / OnFailure // hooks on the MPI thread: ring a doorbell, or forward
///                                                          // traffic from that thread (saves a thread hand-off)
/// NodeLinkOptions.ReceiveBuffer(node, tag, length)          // where a large message lands (e.g. the segment)
/// NodeLinkOptions.OnInline(node, tag, payload)              // take an inline message from the receive buffer
/// NodeLinkOptions.KeepPolling()                              // poll on instead of backing off (a rank waits)
/// NodeFailedException? Failure { get; }                     // names the node that died or went silent
/// bool Leave(TimeSpan timeout)  void Dispose()              // drain sends, barrier with a timeout, no MPI_Finalize
/// void Abort(int errorCode)                                 // MPI_Abort: the launcher ends every node's process
/// </code>
/// Messages up to <see cref="NodeLinkOptions.InlineLimit"/> are copied by <see cref="Send"/>; larger ones are read in
/// place, so their memory must stay unchanged until <c>onSent</c> runs. Large messages travel as 1 MiB chunks with a
/// few in flight per peer, received straight into the destination array. An idle link spins 1 ms (10 ms while frames
/// are in flight), naps 50 µs at a time for 20 ms, then sleeps a millisecond at a time (a Send wakes it at once), and
/// sends a heartbeat to every peer every 250 ms it has sent nothing else; a peer silent for
/// <see cref="NodeLinkOptions.FailureTimeout"/> or an MPI error fails the link with a <see cref="NodeFailedException"/>.
/// All nodes leave together at the job's end (Dispose): a leaving node says goodbye, so peers still busy do not take
/// its silence for a failure, and waits for the others in a barrier; the process then exits without MPI_Finalize,
/// which hangs over UCX TCP. After the barrier the node ends its PMI connection (<see cref="PmiConnection"/>), so
/// hydra takes its exit as a normal one. A node that did not leave cleanly exits without that: under hydra's default
/// auto-cleanup its exit gets the others killed at once, so finish every other duty (output, segment, isles) before
/// Dispose, or start mpiexec with <c>-disable-auto-cleanup</c> (a SIGKILLed node still ends the job).
/// Children of the proxy must get <see cref="ChildEnvironment.Scrub"/>bed environments.
/// </summary>
internal sealed unsafe partial class NodeLink : IDisposable
{
    /// <summary>The longest message (1 GiB).</summary>
    public const int MaxMessageLength = 1 << 30;

    /// <summary>Non-zero once a link was started in this process (MPI initialises once).</summary>
    private static int s_started;

    /// <summary>Settings.</summary>
    private readonly NodeLinkOptions _options;

    /// <summary>log2 of the chunk size.</summary>
    private readonly int _chunkShift;

    /// <summary>Messages handed over by callers, taken by the MPI thread.</summary>
    private readonly ConcurrentQueue<OutgoingMessage> _submitted = new();

    /// <summary>Messages received and complete, in order per (node, tag).</summary>
    private readonly ConcurrentQueue<NodeMessage> _arrived = new();

    /// <summary>The MPI thread's doorbell (counter, sleeping flag): callers ring it after submitting.</summary>
    private readonly int* _wake;

    /// <summary>The callers' doorbell: the MPI thread rings it after queuing arrivals or failing.</summary>
    private readonly int* _arrival;

    /// <summary>The thread that owns MPI.</summary>
    private readonly Thread _thread;

    /// <summary>Set by the MPI thread once MPI is initialised (or failed to).</summary>
    private readonly ManualResetEventSlim _ready = new(false);

    /// <summary>Serialises <see cref="Leave"/> requests.</summary>
    private readonly Lock _leaveGate = new();

    /// <summary>Why the MPI thread could not start, if it could not.</summary>
    private Exception? _startError;

    /// <summary>The failure, once the link failed.</summary>
    private volatile NodeFailedException? _failure;

    /// <summary>Set when a caller asked to leave.</summary>
    private volatile bool _leaveRequested;

    /// <summary>When leaving gives up (Stopwatch ticks).</summary>
    private long _leaveDeadline;

    /// <summary>True when the last leave drained every send and passed the barrier.</summary>
    private volatile bool _leftCleanly;

    /// <summary>Set when a caller asked for MPI_Abort.</summary>
    private volatile bool _abortRequested;

    /// <summary>The error code for MPI_Abort.</summary>
    private volatile int _abortCode;

    /// <summary>Creates the link; the thread starts in <see cref="Start"/>.</summary>
    private NodeLink(NodeLinkOptions options)
    {
        _options = options;
        _chunkShift = System.Numerics.BitOperations.Log2((uint)options.ChunkSize);
        // Never freed: one link per process, and a late waiter must not touch freed memory.
        _wake = (int*)NativeMemory.AlignedAlloc(64, 64);
        _arrival = (int*)NativeMemory.AlignedAlloc(64, 64);
        NativeMemory.Clear(_wake, 64);
        NativeMemory.Clear(_arrival, 64);
        _thread = new Thread(Run) { IsBackground = true, Name = "hpc-nodelink" };
    }

    /// <summary>This proxy's node: its rank in MPI_COMM_WORLD.</summary>
    public int Node { get; private set; }

    /// <summary>Nodes in the job (MPI_COMM_WORLD's size).</summary>
    public int NodeCount { get; private set; }

    /// <summary>The largest tag callers may use (MPICH's MPI_TAG_UB less two, kept for heartbeats and goodbyes).</summary>
    public int MaxTag { get; private set; }

    /// <summary>The failure, once the link failed; null while it works.</summary>
    public NodeFailedException? Failure => _failure;

    /// <summary>
    /// Loads MPICH, starts the MPI thread and waits until MPI_Init_thread (FUNNELED) returned there. Once per process.
    /// </summary>
    public static NodeLink Start(NodeLinkOptions? options = null)
    {
        options ??= new NodeLinkOptions();
        options.Validate();
        if (Interlocked.Exchange(ref s_started, 1) != 0)
        {
            throw new InvalidOperationException("NodeLink.Start was already called in this process (MPI initialises once).");
        }

        MpichLibrary.Load();
        var link = new NodeLink(options);
        link._thread.Start();
        link._ready.Wait();
        if (link._startError is { } error)
        {
            throw new InvalidOperationException($"MPI could not start: {error.Message}", error);
        }

        return link;
    }

    /// <summary>
    /// Queues <paramref name="message"/> for <paramref name="node"/> under <paramref name="tag"/> and returns at once.
    /// Messages of one (node, tag) arrive in the order sent. <paramref name="onSent"/> runs on the MPI thread once
    /// MPI no longer needs the bytes.
    /// </summary>
    public void Send(int node, int tag, ReadOnlyMemory<byte> message, Action? onSent = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(node);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(node, NodeCount);
        ArgumentOutOfRangeException.ThrowIfNegative(tag);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(tag, MaxTag);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(message.Length, MaxMessageLength, nameof(message));
        if (_failure is { } failure)
        {
            ThrowFailed(failure);
        }

        ObjectDisposedException.ThrowIf(_leaveRequested, this);
        _submitted.Enqueue(new OutgoingMessage(node, tag, message, onSent, _options.InlineLimit, _chunkShift));
        Doorbell.Ring(_wake);
    }

    /// <summary>
    /// Takes the next complete message, if any. Once the link failed and every message that arrived before was taken,
    /// throws the <see cref="NodeFailedException"/>.
    /// </summary>
    public bool TryReceive(out NodeMessage message)
    {
        if (_arrived.TryDequeue(out message))
        {
            return true;
        }

        if (_failure is { } failure && _arrived.IsEmpty)
        {
            ThrowFailed(failure);
        }

        return false;
    }

    /// <summary>
    /// Waits until a message can be taken or the link failed (true), or <paramref name="timeout"/> passed (false).
    /// Spins a few microseconds first, then sleeps on a futex the MPI thread rings.
    /// </summary>
    public bool WaitForArrival(TimeSpan timeout)
    {
        long deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        for (int spin = 0; spin < 200; spin++)
        {
            if (!_arrived.IsEmpty || _failure is not null)
            {
                return true;
            }

            Thread.SpinWait(20);
        }

        while (true)
        {
            int seen = Volatile.Read(ref *_arrival);
            Doorbell.MarkSleeping(_arrival);
            if (!_arrived.IsEmpty || _failure is not null)
            {
                Doorbell.ClearSleeping(_arrival);
                return true;
            }

            long left = deadline - Stopwatch.GetTimestamp();
            if (left <= 0)
            {
                Doorbell.ClearSleeping(_arrival);
                return false;
            }

            int milliseconds = (int)Math.Clamp(left * 1000 / Stopwatch.Frequency, 1, 100);
            Futex.Wait(_arrival, seen, milliseconds);
            Doorbell.ClearSleeping(_arrival);
        }
    }

    /// <summary>
    /// Sends what is queued, then waits in a barrier with every node, at most <paramref name="timeout"/> in all; the
    /// MPI thread then ends without MPI_Finalize (the PMI connection ended after the barrier). True when every send
    /// completed and the barrier passed. After a failure it returns false at once.
    /// </summary>
    public bool Leave(TimeSpan timeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(timeout, TimeSpan.Zero);
        lock (_leaveGate)
        {
            if (!_leaveRequested)
            {
                Volatile.Write(ref _leaveDeadline, Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency));
                _leaveRequested = true;
                Doorbell.Ring(_wake);
            }
        }

        // The MPI thread keeps the deadline itself; the margin only covers a call stuck inside MPI.
        return _thread.Join(timeout + TimeSpan.FromSeconds(5)) && _leftCleanly;
    }

    /// <summary>Leaves with <see cref="NodeLinkOptions.LeaveTimeout"/> (see <see cref="Leave"/>).</summary>
    public void Dispose() => _ = Leave(_options.LeaveTimeout);

    /// <summary>Calls MPI_Abort with <paramref name="errorCode"/> (on the MPI thread): the launcher ends every node's process.</summary>
    [DoesNotReturn]
    public void Abort(int errorCode)
    {
        _abortCode = errorCode;
        _abortRequested = true;
        Doorbell.Ring(_wake);
        _ = _thread.Join(TimeSpan.FromSeconds(10));
        // The MPI thread has ended (left) or is stuck: call it from here, which MPICH tolerates, and exit if it returns.
        _ = MpiCalls.Abort(MpichAbi.CommWorld, errorCode);
        Environment.Exit(errorCode);
    }

    /// <summary>Throws a fresh exception wrapping the link's failure (keeps the original's stack intact).</summary>
    [DoesNotReturn]
    private static void ThrowFailed(NodeFailedException failure) =>
        throw new NodeFailedException(failure.Node, failure.Cause, failure);
}
