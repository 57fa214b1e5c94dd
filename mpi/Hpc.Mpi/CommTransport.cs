using Hpc.Mpi.Collectives;
using Hpc.Mpi.Engine;
using Hpc.Segment;

namespace Hpc.Mpi;

/// <summary>
/// A communicator's collective context seen as the transport the collective algorithms run on: ranks are the
/// communicator's, messages go on its collective context, so they never meet the job's own point-to-point traffic.
/// </summary>
internal sealed unsafe class CommTransport : ICollectiveTransport
{
    /// <summary>The rank's engine.</summary>
    private readonly MessageEngine _engine;
    /// <summary>World rank of each member.</summary>
    private readonly int[] _members;
    /// <summary>The collective context.</summary>
    private readonly int _context;

    /// <summary>Creates the transport of a communicator.</summary>
    public CommTransport(MessageEngine engine, int[] members, int rank, int context)
    {
        _engine = engine;
        _members = members;
        _context = context;
        Rank = rank;
    }

    /// <inheritdoc />
    public int Rank { get; }

    /// <summary>
    /// The collective running on this transport: a rank blocked in one of its sends or receives says it waits in it.
    /// Set by each collective call as it starts (collectives do not overlap on one communicator).
    /// </summary>
    public RankWaitOp Collective { get; set; }

    /// <inheritdoc />
    public int Size => _members.Length;

    /// <inheritdoc />
    public int IsleOf(int rank) => _engine.IsleOf(_members[rank]);

    /// <inheritdoc />
    public void Send(ReadOnlySpan<byte> data, int dest, int tag)
    {
        fixed (byte* pointer = data)
        {
            SendOperation send = _engine.RentSend(pointer, data.Length, _members[dest], _context, tag);
            _engine.Send(send, Collective);
            _engine.Return(send);
        }
    }

    /// <inheritdoc />
    public void Recv(Span<byte> data, int source, int tag)
    {
        fixed (byte* pointer = data)
        {
            ReceiveOperation receive = _engine.RentReceive(pointer, data.Length, _members[source], _context, tag);
            _engine.Receive(receive, Collective);
            Check(receive, data.Length);
        }
    }

    /// <inheritdoc />
    public void SendRecv(ReadOnlySpan<byte> send, int dest, int sendTag, Span<byte> recv, int source, int recvTag)
    {
        fixed (byte* sendPointer = send)
        fixed (byte* receivePointer = recv)
        {
            ReceiveOperation receive = _engine.RentReceive(receivePointer, recv.Length, _members[source], _context, recvTag);
            SendOperation outgoing = _engine.RentSend(sendPointer, send.Length, _members[dest], _context, sendTag);
            _engine.Exchange(outgoing, receive, Collective);
            _engine.Return(outgoing);
            Check(receive, recv.Length);
        }
    }

    /// <summary>
    /// A collective's messages have the lengths its algorithm expects; anything else means ranks disagree. The
    /// receive goes back to the engine's pool either way.
    /// </summary>
    private void Check(ReceiveOperation receive, int expected)
    {
        Exception? error = receive.Error;
        long length = receive.MatchedLength;
        _engine.Return(receive);
        if (error is not null || length != expected)
        {
            throw new InvalidOperationException(
                $"a collective received {length} bytes where it expected {expected}: do all ranks call the same collective with matching counts?",
                error);
        }
    }
}
