using System.Buffers;

namespace Hpc.Mpi;

/// <summary>
/// A send or receive set up once and started many times (MPI_Send_init / MPI_Recv_init, MPI_Start): the buffer is
/// pinned and the envelope checked when it is made, so each <see cref="Start"/> only rents a pooled operation. Made
/// by <see cref="Comm.SendInit{T}(ReadOnlyMemory{T}, int, int)"/>, <see cref="Comm.SsendInit{T}(ReadOnlyMemory{T}, int, int)"/>
/// and <see cref="Comm.RecvInit{T}(Memory{T}, int, int)"/>;
/// dispose it (when not started) to unpin the buffer.
/// </summary>
/// <example>
/// <code>
/// using PersistentRequest toRight = grid.SendInit&lt;double&gt;(edge, right, 0);
/// using PersistentRequest fromLeft = grid.RecvInit&lt;double&gt;(halo, left, 0);
/// for (int step = 0; step &lt; steps; step++)
/// {
///     PersistentRequest.StartAll([toRight, fromLeft]);
///     Compute();
///     PersistentRequest.WaitAll([toRight, fromLeft]);
/// }
/// </code>
/// </example>
public sealed unsafe class PersistentRequest : IDisposable
{
    /// <summary>The communicator the messages go on.</summary>
    private readonly Comm _comm;
    /// <summary>True for a send, false for a receive.</summary>
    private readonly bool _isSend;
    /// <summary>True for a synchronous send (<see cref="Comm.SsendInit{T}(ReadOnlyMemory{T}, int, int)"/>).</summary>
    private readonly bool _synchronous;
    /// <summary>The pinned buffer.</summary>
    private readonly byte* _data;
    /// <summary>Its length in bytes.</summary>
    private readonly long _bytes;
    /// <summary>The partner in the communicator's numbering (or <see cref="Comm.ProcNull"/>, <see cref="Any.Source"/>).</summary>
    private readonly int _peer;
    /// <summary>The tag (or <see cref="Any.Tag"/> for a receive).</summary>
    private readonly int _tag;
    /// <summary>Keeps the buffer pinned until dispose.</summary>
    private MemoryHandle _pin;
    /// <summary>The operation of the present start; inactive before the first start and once waited for.</summary>
    private Request _current;
    /// <summary>Set by <see cref="Dispose"/>.</summary>
    private bool _disposed;

    /// <summary>Creates a request over a buffer the caller pinned (<paramref name="pin"/>), envelope already checked.</summary>
    internal PersistentRequest(Comm comm, bool isSend, MemoryHandle pin, long bytes, int peer, int tag, bool synchronous = false)
    {
        _comm = comm;
        _isSend = isSend;
        _synchronous = synchronous;
        _pin = pin;
        _data = (byte*)pin.Pointer;
        _bytes = bytes;
        _peer = peer;
        _tag = tag;
    }

    /// <summary>True from a <see cref="Start"/> until the wait or test that completes it.</summary>
    public bool IsActive => _current.IsActive;

    /// <summary>
    /// The present start as a plain request, for <see cref="Request.WaitAny"/>, <see cref="Request.TestSome"/> and
    /// the like; completing it through them ends the start just as <see cref="Wait"/> does.
    /// </summary>
    public Request Request => _current;

    /// <summary>Starts the send or receive (MPI_Start); its buffer is the one given when the request was made.</summary>
    /// <exception cref="InvalidOperationException">The request is already active, or disposed.</exception>
    public void Start()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_current.IsActive)
        {
            throw new InvalidOperationException("the persistent request was started and not yet completed by a wait or test");
        }

        _current = _isSend ? _comm.StartSend(_data, _bytes, _peer, _tag, _synchronous) : _comm.StartReceive(_data, _bytes, _peer, _tag);
    }

    /// <summary>Starts every request of <paramref name="requests"/> (MPI_Startall), in order.</summary>
    public static void StartAll(ReadOnlySpan<PersistentRequest> requests)
    {
        foreach (PersistentRequest request in requests)
        {
            request.Start();
        }
    }

    /// <summary>Waits for the present start to complete; for a receive, returns what arrived. The request can then be started again.</summary>
    /// <exception cref="MessageTruncatedException">The message did not fit the receive buffer.</exception>
    public Status Wait() => _current.Wait();

    /// <summary>Tells whether the present start completed (then it ends, and <paramref name="status"/> says what arrived).</summary>
    public bool Test(out Status status) => _current.Test(out status);

    /// <summary>Waits for the present start of every request of <paramref name="requests"/>.</summary>
    public static void WaitAll(ReadOnlySpan<PersistentRequest> requests)
    {
        foreach (PersistentRequest request in requests)
        {
            request.Wait();
        }
    }

    /// <summary>Unpins the buffer (MPI_Request_free of an inactive request).</summary>
    /// <exception cref="InvalidOperationException">The request is active: wait for it first.</exception>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        if (_current.IsActive)
        {
            throw new InvalidOperationException("a persistent request is disposed while started: wait for it first");
        }

        _disposed = true;
        _pin.Dispose();
        _pin = default;
    }
}
