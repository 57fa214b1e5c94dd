using Hpc.Mpi.Collectives;

namespace Hpc.Mpi.Tests.Collectives;

/// <summary>One rank's view of a <see cref="ThreadWorld"/>.</summary>
internal sealed class ThreadTransport(ThreadWorld world, int rank) : ICollectiveTransport
{
    /// <inheritdoc/>
    public int Rank { get; } = rank;

    /// <inheritdoc/>
    public int Size => world.Size;

    /// <inheritdoc/>
    public int IsleOf(int rank) => world.IsleOf(rank);

    /// <inheritdoc/>
    public void Send(ReadOnlySpan<byte> data, int dest, int tag) => Wait(Post(data, dest, tag));

    /// <inheritdoc/>
    public void Recv(Span<byte> data, int source, int tag)
    {
        CheckPeer(source);
        ThreadWorld.Envelope envelope = world.Queue(source, Rank, tag).Take(world.Aborted);
        if (envelope.Data.Length != data.Length)
        {
            throw new InvalidOperationException(
                $"Rank {Rank} expected {data.Length} bytes from rank {source} with tag {tag}, the message has {envelope.Data.Length}.");
        }

        envelope.Data.CopyTo(data);
        envelope.Taken.Set();
    }

    /// <inheritdoc/>
    public void SendRecv(ReadOnlySpan<byte> send, int dest, int sendTag, Span<byte> recv, int source, int recvTag)
    {
        // Posting before receiving is what makes the exchange deadlock-free even with rendezvous sends.
        ThreadWorld.Envelope posted = Post(send, dest, sendTag);
        Recv(recv, source, recvTag);
        Wait(posted);
    }

    /// <summary>Queues a copy of <paramref name="data"/> for <paramref name="dest"/>.</summary>
    private ThreadWorld.Envelope Post(ReadOnlySpan<byte> data, int dest, int tag)
    {
        CheckPeer(dest);
        world.TagsUsed.TryAdd(tag, true);
        world.Links.TryAdd((Rank, dest), true);
        var envelope = new ThreadWorld.Envelope(data.ToArray());
        world.Queue(Rank, dest, tag).Add(envelope);
        return envelope;
    }

    /// <summary>Waits until the receiver has taken <paramref name="envelope"/>.</summary>
    private void Wait(ThreadWorld.Envelope envelope) => envelope.Taken.Wait(world.Aborted);

    /// <summary>Rejects a peer out of range or this rank itself: the algorithms never talk to themselves.</summary>
    private void CheckPeer(int peer)
    {
        if ((uint)peer >= (uint)Size || peer == Rank)
        {
            throw new InvalidOperationException($"Rank {Rank} addressed rank {peer} of {Size}.");
        }
    }
}
