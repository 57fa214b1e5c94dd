namespace Hpc.Mpi.Collectives;

/// <summary>
/// The point-to-point service the collective algorithms run on, implemented by the message engine. Messages from one
/// rank to another on one tag never overtake each other.
/// </summary>
internal interface ICollectiveTransport
{
    /// <summary>This rank, in [0, <see cref="Size"/>).</summary>
    int Rank { get; }

    /// <summary>The number of ranks.</summary>
    int Size { get; }

    /// <summary>Sends <paramref name="data"/>; may buffer, and never blocks forever once the receiver posts its receive.</summary>
    void Send(ReadOnlySpan<byte> data, int dest, int tag);

    /// <summary>Receives a message of exactly <paramref name="data"/>'s length from <paramref name="source"/>.</summary>
    void Recv(Span<byte> data, int source, int tag);

    /// <summary>Sends and receives at once; deadlock-free even when both peers call it towards each other.</summary>
    void SendRecv(ReadOnlySpan<byte> send, int dest, int sendTag, Span<byte> recv, int source, int recvTag);

    /// <summary>Which isle (process) hosts <paramref name="rank"/>; ranks of one isle are cheap to talk to.</summary>
    int IsleOf(int rank);
}
