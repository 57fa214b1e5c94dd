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
            _engine.Send(new SendOperation(pointer, data.Length, _members[dest], _context, tag), Collective);
        }
    }

    /// <inheritdoc />
    public void Recv(Span<byte> data, int source, int tag)
    {
        fixed (byte* pointer = data)
        {
            var receive = new ReceiveOperation(pointer, data.Length, _members[source], _context, tag);
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
            var receive = new ReceiveOperation(receivePointer, recv.Length, _members[source], _context, recvTag);
            _engine.Exchange(new SendOperation(sendPointer, send.Length, _members[dest], _context, sendTag), receive, Collective);
            Check(receive, recv.Length);
        }
    }

    /// <summary>A collective's messages have the lengths its algorithm expects; anything else means ranks disagree.</summary>
    private static void Check(ReceiveOperation receive, int expected)
    {
        if (receive.Error is not null || receive.MatchedLength != expected)
        {
            throw new InvalidOperationException(
                $"a collective received {receive.MatchedLength} bytes where it expected {expected}: do all ranks call the same collective with matching counts?",
                receive.Error);
        }
    }
}
