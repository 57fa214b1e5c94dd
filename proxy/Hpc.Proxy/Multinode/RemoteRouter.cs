using System.Buffers;
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
/// node doorbell for it (after writing to a remote rank, or after making room on a channel from one). Batches are
/// built in reused buffers and handed to the transport, which copies them; a batch that arrives is written onto its
/// channels straight from the transport's receive memory (<see cref="Deliver"/>) unless records wait ahead of it.
/// </summary>
internal sealed unsafe class RemoteRouter
{
    /// <summary>
    /// A batch is sent once it holds this many bytes (large messages are pipelined in such pieces); the per-node
    /// proxy's link sends up to this much inline, so a batch travels as one MPI message out of a reused frame.
    /// 1 MiB, eight of the engine's 128 KiB fragments to another node: against 256 KiB batches, 2 nodes of one cpu
    /// each moved 1.3-1.46 GB/s instead of 1.1-1.26 at 1 MiB.
    /// </summary>
    public const int BatchLimit = 1024 * 1024;
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
    /// <summary>Batch being filled per node (reused; grown only for a record larger than the limit).</summary>
    private readonly byte[]?[] _batches;
    /// <summary>Bytes in each node's batch.</summary>
    private readonly int[] _batchLengths;
    /// <summary>The local ranks (their wait records tell whether one waits on another node).</summary>
    private readonly int[] _localRanks;

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

        _batches = new byte[]?[segment.Header->NodeCount];
        _batchLengths = new int[segment.Header->NodeCount];
        _localRanks = [.. Enumerable.Range(0, layout.RankCount).Where(rank => _nodeOf[rank] == _localNode)];
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

                outbound.Add(new Outbound(local, remote, new RingReader(segment.Channel(local, remote), layout.ChannelCapacity, segment.ChannelStampKey(local, remote))));
                _inbound[(remote, local)] = new Inbound(remote, local, new RingWriter(segment.Channel(remote, local), layout.ChannelCapacity, segment.ChannelStampKey(remote, local)));
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
                Span<byte> batch = BatchRoom(node, RecordHeader + record.Length);
                BinaryPrimitives.WriteInt32LittleEndian(batch, pair.Local);
                BinaryPrimitives.WriteInt32LittleEndian(batch[4..], pair.Remote);
                BinaryPrimitives.WriteUInt16LittleEndian(batch[8..], record.Op);
                BinaryPrimitives.WriteUInt16LittleEndian(batch[10..], record.Flags);
                BinaryPrimitives.WriteInt32LittleEndian(batch[12..], record.Sequence);
                BinaryPrimitives.WriteInt32LittleEndian(batch[16..], record.Length);
                new ReadOnlySpan<byte>(payload, record.Length).CopyTo(batch[RecordHeader..]);
                _batchLengths[node] += RecordHeader + record.Length;
                reader.Consume(record);
                taken = true;
                if (_batchLengths[node] >= BatchLimit)
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

    /// <summary>
    /// Room for <paramref name="bytes"/> more in the batch for <paramref name="node"/>: sends the batch first when
    /// they would not fit, grows it only for a record larger than <see cref="BatchLimit"/>.
    /// </summary>
    private Span<byte> BatchRoom(int node, int bytes)
    {
        byte[] batch = _batches[node] ??= new byte[BatchLimit];
        if (_batchLengths[node] + bytes > batch.Length)
        {
            SendBatch(node);
            if (bytes > batch.Length)
            {
                batch = _batches[node] = new byte[bytes];
            }
        }

        return batch.AsSpan(_batchLengths[node], bytes);
    }

    /// <summary>Sends the batch for <paramref name="node"/>, if it holds anything.</summary>
    private void SendBatch(int node)
    {
        if (_batchLengths[node] > 0)
        {
            _transport.Send(node, _batches[node].AsSpan(0, _batchLengths[node]));
            _batchLengths[node] = 0;
        }
    }

    /// <summary>
    /// Puts the records of a batch that just arrived from <paramref name="node"/> onto their channels, from the
    /// caller's memory (reused once this returns): a record whose channel has room and nothing waiting ahead is
    /// written there at once (its only copy on this node), the rest are copied and wait their turn. Throws
    /// <see cref="InvalidDataException"/> for a batch that breaks the format.
    /// </summary>
    public void Deliver(int node, ReadOnlySpan<byte> batch) => Accept(node, batch, ReadOnlyMemory<byte>.Empty);

    /// <summary>Takes every batch that was queued for this router and puts its records on their pairs.</summary>
    private bool Receive()
    {
        bool any = false;
        while (_transport.TryReceive(out int node, out Memory<byte> message))
        {
            any = true;
            Accept(node, message.Span, message);
        }

        return any;
    }

    /// <summary>
    /// Writes or backlogs the records of <paramref name="span"/> from <paramref name="node"/>; backlogged records
    /// keep slices of <paramref name="owned"/> (the same bytes, owned by the router) or, when it is empty, copies.
    /// </summary>
    private void Accept(int node, ReadOnlySpan<byte> span, ReadOnlyMemory<byte> owned)
    {
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

            ushort op = BinaryPrimitives.ReadUInt16LittleEndian(header[8..]);
            ushort flags = BinaryPrimitives.ReadUInt16LittleEndian(header[10..]);
            int sequence = BinaryPrimitives.ReadInt32LittleEndian(header[12..]);
            ReadOnlySpan<byte> payload = span.Slice(offset + RecordHeader, length);
            if (pair.Backlog.Count == 0 && TryWrite(pair, op, flags, sequence, payload))
            {
                Doorbell.Ring(_segment.Doorbell(pair.Local));
            }
            else
            {
                // From the link's receive memory (reused once this returns) a waiting record is copied into a pooled
                // array: a stream into a rank that drains its channel more slowly than batches arrive backlogs about
                // a third of its records, and a new array each made gigabytes of garbage a second.
                byte[]? rented = null;
                ReadOnlyMemory<byte> kept;
                if (owned.IsEmpty)
                {
                    rented = ArrayPool<byte>.Shared.Rent(length);
                    payload.CopyTo(rented);
                    kept = rented.AsMemory(0, length);
                }
                else
                {
                    kept = owned.Slice(offset + RecordHeader, length);
                }

                pair.Backlog.Enqueue(new ForwardedRecord(op, flags, sequence, kept, rented));
                if (pair.Backlog.Count == 1)
                {
                    _backlogged.Add(pair);
                }
            }

            offset += RecordHeader + length;
        }
    }

    /// <summary>Writes one record onto the pair's channel if it has room; when not, asks the rank to ring once it made room.</summary>
    private static bool TryWrite(Inbound pair, ushort op, ushort flags, int sequence, ReadOnlySpan<byte> payload)
    {
        byte* target = pair.Writer.TryReserve(payload.Length);
        if (target == null)
        {
            // The rank rings (the proxy's doorbell, as this pair's source is remote) once it made room.
            Interlocked.Exchange(ref *pair.Writer.ProducerWaiting, 1);
            target = pair.Writer.TryReserve(payload.Length);
            if (target == null)
            {
                return false;
            }
        }

        payload.CopyTo(new Span<byte>(target, payload.Length));
        pair.Writer.Commit(op, flags, sequence, payload.Length);
        return true;
    }

    /// <summary>Writes backlogged records onto their channels as far as room allows, ringing each destination once.</summary>
    private bool Flush()
    {
        bool any = false;
        for (int i = _backlogged.Count - 1; i >= 0; i--)
        {
            Inbound pair = _backlogged[i];
            bool wrote = false;
            while (pair.Backlog.TryPeek(out ForwardedRecord record) && TryWrite(pair, record.Op, record.Flags, record.Sequence, record.Payload.Span))
            {
                if (pair.Backlog.Dequeue().Rented is { } rented)
                {
                    ArrayPool<byte>.Shared.Return(rented);
                }

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

    /// <summary>
    /// True when a rank of this node waits (its published wait record) for a message that may come from another node
    /// and a cpu is to spare for the link to poll for it: fewer ranks of the node run than the proxy has cpus, the
    /// link's thread counted. The record is untrusted input: a source out of range counts as local.
    /// </summary>
    public bool AwaitsRemote(int cpus)
    {
        int running = 0;
        bool awaited = false;
        foreach (int rank in _localRanks)
        {
            RankWait* wait = &_segment.Rank(rank)->Wait;
            if (Volatile.Read(ref wait->Op) == 0)
            {
                running++;
                continue;
            }

            int source = Volatile.Read(ref wait->Source);
            awaited |= source == RankWait.AnyValue || ((uint)source < (uint)_nodeOf.Length && _nodeOf[source] != _localNode);
        }

        return awaited && running + 1 <= cpus;
    }

    /// <summary>A record that came from another node, waiting for room on its channel.</summary>
    private readonly record struct ForwardedRecord(ushort Op, ushort Flags, int Sequence, ReadOnlyMemory<byte> Payload, byte[]? Rented);

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
