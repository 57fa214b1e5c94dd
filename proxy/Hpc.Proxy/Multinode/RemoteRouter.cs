using System.Buffers.Binary;
using Hpc.Hosted;
using Hpc.Rings;
using Hpc.Segment;

namespace Hpc.Proxy.Multinode;

/// <summary>
/// Carries messages between this node's ranks and the ranks of other nodes. The segment of every node has a channel
/// for every ordered pair of ranks of the job; for a pair with one rank here and one elsewhere, the far end belongs to
/// this proxy. Outbound, the router reads the records a local rank wrote on its channel to a remote rank and sends
/// them, batched per node, over the <see cref="INodeTransport"/>; inbound, it writes the records that arrived onto
/// the channel from that remote rank to the local one and rings the local rank. The records are the ranks' own
/// (eager, first, next fragments; never rendezvous, which needs one isle), so the engine's matching, any-source,
/// non-overtaking order and truncation errors hold across nodes unchanged. One thread drives it: the link's own MPI
/// thread in a per-node proxy, so a message crosses no other thread between a rank and MPI. Ranks ring the segment's
/// node doorbell for it (after writing to a remote rank, or after making room on a channel from one).
/// </summary>
internal sealed unsafe class RemoteRouter
{
    /// <summary>A batch is sent once it holds this many bytes (large messages are pipelined in such pieces).</summary>
    private const int BatchLimit = 256 * 1024;
    /// <summary>Bytes in front of each forwarded record: source, destination, op, flags, sequence, length.</summary>
    private const int RecordHeader = 20;

    /// <summary>The segment.</summary>
    private readonly SegmentView _segment;
    /// <summary>The link to the other nodes.</summary>
    private readonly INodeTransport _transport;
    /// <summary>The node of every rank.</summary>
    private readonly int[] _nodeOf;
    /// <summary>This node.</summary>
    private readonly int _localNode;
    /// <summary>Outbound pairs: a local rank's channel to a remote rank, read here.</summary>
    private readonly Outbound[] _outbound;
    /// <summary>Inbound pairs by (remote source, local destination).</summary>
    private readonly Dictionary<(int Source, int Destination), Inbound> _inbound = [];
    /// <summary>Inbound pairs with records waiting for channel room.</summary>
    private readonly List<Inbound> _backlogged = [];
    /// <summary>Batch being filled per node.</summary>
    private readonly MemoryStream?[] _batches;

    /// <summary>Attaches the router to <paramref name="segment"/> (already formatted for the whole job).</summary>
    public RemoteRouter(SegmentView segment, INodeTransport transport)
    {
        _segment = segment;
        _transport = transport;
        SegmentLayout layout = segment.Layout;
        _localNode = segment.Header->LocalNode;
        _nodeOf = new int[layout.RankCount];
        for (int r = 0; r < layout.RankCount; r++)
        {
            _nodeOf[r] = segment.Rank(r)->Node;
        }

        _batches = new MemoryStream?[segment.Header->NodeCount];
        var outbound = new List<Outbound>();
        for (int local = 0; local < layout.RankCount; local++)
        {
            if (_nodeOf[local] != _localNode)
            {
                continue;
            }

            for (int remote = 0; remote < layout.RankCount; remote++)
            {
                if (_nodeOf[remote] == _localNode)
                {
                    continue;
                }

                outbound.Add(new Outbound(local, remote, new RingReader(segment.Channel(local, remote), layout.ChannelCapacity)));
                _inbound[(remote, local)] = new Inbound(remote, local, new RingWriter(segment.Channel(remote, local), layout.ChannelCapacity));
            }
        }

        _outbound = [.. outbound];
    }

    /// <summary>
    /// True when <see cref="Pump"/> has something to do now: a local rank wrote to a remote one, a batch arrived, or
    /// a rank made room on a channel with records waiting for it (checked before the driving thread sleeps).
    /// </summary>
    public bool HasWork
    {
        get
        {
            foreach (Outbound pair in _outbound)
            {
                if (pair.Reader.HasData)
                {
                    return true;
                }
            }

            // A backlogged pair whose consumer cleared the waiting flag has room again.
            foreach (Inbound pair in _backlogged)
            {
                if (Volatile.Read(ref *pair.Writer.ProducerWaiting) == 0)
                {
                    return true;
                }
            }

            return _transport.HasArrivals;
        }
    }

    /// <summary>
    /// Moves what can move without waiting: arrivals onto their channels, then local ranks' records to their nodes;
    /// true when anything did. Throws <see cref="InvalidDataException"/> for a corrupt channel or a batch that breaks
    /// the format (a hostile or broken node), and whatever the transport throws.
    /// </summary>
    public bool Pump()
    {
        bool any = Receive();
        any |= Flush();
        any |= Forward();
        return any;
    }

    /// <summary>Reads every outbound channel and sends what it held, batched per node.</summary>
    private bool Forward()
    {
        bool any = false;
        Span<byte> header = stackalloc byte[RecordHeader];
        foreach (Outbound pair in _outbound)
        {
            ref RingReader reader = ref pair.Reader;
            bool taken = false;
            while (reader.TryPeek(out RingRecord record, out byte* payload) is var status && status != RingReadStatus.Empty)
            {
                if (status == RingReadStatus.Corrupt)
                {
                    throw new InvalidDataException($"the channel from rank {pair.Local} to rank {pair.Remote} is corrupt");
                }

                int node = _nodeOf[pair.Remote];
                MemoryStream batch = _batches[node] ??= new MemoryStream(BatchLimit + (BatchLimit / 4));
                BinaryPrimitives.WriteInt32LittleEndian(header, pair.Local);
                BinaryPrimitives.WriteInt32LittleEndian(header[4..], pair.Remote);
                BinaryPrimitives.WriteUInt16LittleEndian(header[8..], record.Op);
                BinaryPrimitives.WriteUInt16LittleEndian(header[10..], record.Flags);
                BinaryPrimitives.WriteInt32LittleEndian(header[12..], record.Sequence);
                BinaryPrimitives.WriteInt32LittleEndian(header[16..], record.Length);
                batch.Write(header);
                batch.Write(new ReadOnlySpan<byte>(payload, record.Length));
                reader.Consume(record);
                taken = true;
                if (batch.Length >= BatchLimit)
                {
                    SendBatch(node);
                }
            }

            if (taken)
            {
                any = true;
                if (reader.Publish() != null)
                {
                    Doorbell.Ring(_segment.Doorbell(pair.Local)); // the local rank waits for room on its channel
                }
            }
        }

        for (int node = 0; node < _batches.Length; node++)
        {
            SendBatch(node);
        }

        return any;
    }

    /// <summary>Sends the batch for <paramref name="node"/>, if it holds anything.</summary>
    private void SendBatch(int node)
    {
        if (_batches[node] is { Length: > 0 } batch)
        {
            _transport.Send(node, batch.ToArray());
            batch.SetLength(0);
        }
    }

    /// <summary>Takes every batch that arrived and queues its records on their pairs.</summary>
    private bool Receive()
    {
        bool any = false;
        while (_transport.TryReceive(out int node, out Memory<byte> message))
        {
            any = true;
            ReadOnlySpan<byte> span = message.Span;
            int offset = 0;
            while (offset < span.Length)
            {
                if (span.Length - offset < RecordHeader)
                {
                    throw new InvalidDataException($"a truncated batch from node {node}");
                }

                ReadOnlySpan<byte> header = span.Slice(offset, RecordHeader);
                int source = BinaryPrimitives.ReadInt32LittleEndian(header);
                int destination = BinaryPrimitives.ReadInt32LittleEndian(header[4..]);
                int length = BinaryPrimitives.ReadInt32LittleEndian(header[16..]);
                if (!_inbound.TryGetValue((source, destination), out Inbound? pair) || _nodeOf[source] != node || length < 0 || length > span.Length - offset - RecordHeader)
                {
                    throw new InvalidDataException($"node {node} sent a record from rank {source} to rank {destination} that does not belong here");
                }

                pair.Backlog.Enqueue(new ForwardedRecord(
                    BinaryPrimitives.ReadUInt16LittleEndian(header[8..]),
                    BinaryPrimitives.ReadUInt16LittleEndian(header[10..]),
                    BinaryPrimitives.ReadInt32LittleEndian(header[12..]),
                    message.Slice(offset + RecordHeader, length)));
                if (pair.Backlog.Count == 1)
                {
                    _backlogged.Add(pair);
                }

                offset += RecordHeader + length;
            }
        }

        return any;
    }

    /// <summary>Writes backlogged records onto their channels as far as room allows, ringing each destination once.</summary>
    private bool Flush()
    {
        bool any = false;
        for (int i = _backlogged.Count - 1; i >= 0; i--)
        {
            Inbound pair = _backlogged[i];
            bool wrote = false;
            while (pair.Backlog.TryPeek(out ForwardedRecord record))
            {
                byte* target = pair.Writer.TryReserve(record.Payload.Length);
                if (target == null)
                {
                    // Ask the rank to ring (the proxy's doorbell, as this pair's source is remote) once it made room.
                    Interlocked.Exchange(ref *pair.Writer.ProducerWaiting, 1);
                    target = pair.Writer.TryReserve(record.Payload.Length);
                    if (target == null)
                    {
                        break;
                    }
                }

                record.Payload.Span.CopyTo(new Span<byte>(target, record.Payload.Length));
                pair.Writer.Commit(record.Op, record.Flags, record.Sequence, record.Payload.Length);
                pair.Backlog.Dequeue();
                wrote = true;
            }

            if (wrote)
            {
                any = true;
                Doorbell.Ring(_segment.Doorbell(pair.Local));
            }

            if (pair.Backlog.Count == 0)
            {
                _backlogged.RemoveAt(i);
            }
        }

        return any;
    }

    /// <summary>A record that came from another node, waiting for room on its channel.</summary>
    private readonly record struct ForwardedRecord(ushort Op, ushort Flags, int Sequence, ReadOnlyMemory<byte> Payload);

    /// <summary>A channel from a local rank to a remote one, read here.</summary>
    private sealed class Outbound
    {
        /// <summary>The consumer end (a mutable struct: used by reference).</summary>
        public RingReader Reader;

        /// <summary>Creates the pair.</summary>
        public Outbound(int local, int remote, RingReader reader)
        {
            Local = local;
            Remote = remote;
            Reader = reader;
        }

        /// <summary>The local rank writing.</summary>
        public int Local { get; }

        /// <summary>The remote rank the records are for.</summary>
        public int Remote { get; }
    }

    /// <summary>A channel from a remote rank to a local one, written here.</summary>
    private sealed class Inbound
    {
        /// <summary>The producer end (a mutable struct: used by reference).</summary>
        public RingWriter Writer;

        /// <summary>Creates the pair.</summary>
        public Inbound(int remote, int local, RingWriter writer)
        {
            Remote = remote;
            Local = local;
            Writer = writer;
        }

        /// <summary>The remote rank the records come from.</summary>
        public int Remote { get; }

        /// <summary>The local rank they are for.</summary>
        public int Local { get; }

        /// <summary>Records not yet on the channel, in order.</summary>
        public Queue<ForwardedRecord> Backlog { get; } = new();
    }
}
