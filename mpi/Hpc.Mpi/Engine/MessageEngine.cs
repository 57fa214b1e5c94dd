using Hpc.Channels;
using Hpc.Isles;
using Hpc.Rings;
using Hpc.Segment;

namespace Hpc.Mpi.Engine;

/// <summary>
/// One rank's message engine: the consumer ends of its n incoming channels, the producer ends of its n outgoing
/// ones, the posted receives and the unexpected messages. Messages up to the eager limit are copied through the
/// channel; larger ones to a rank of the same isle go by rendezvous (the receiver copies straight from the sender's
/// pinned buffer: one copy); larger ones to another isle stream through the channel in fragments (two copies,
/// overlapped on the two cores). Used by the rank's own thread only.
/// </summary>
internal sealed unsafe partial class MessageEngine
{
    /// <summary>This rank (world numbering).</summary>
    private readonly int _rank;
    /// <summary>Ranks in the job.</summary>
    private readonly int _size;
    /// <summary>The segment holding channels and doorbells.</summary>
    private readonly SegmentView _segment;
    /// <summary>This rank's doorbell.</summary>
    private readonly int* _doorbell;
    /// <summary>Consumer ends: index = source.</summary>
    private readonly RingReader[] _incoming;
    /// <summary>Producer ends: index = destination.</summary>
    private readonly RingWriter[] _outgoing;
    /// <summary>Sends waiting for channel space, per destination, in order.</summary>
    private readonly Queue<SendOperation>?[] _pending;
    /// <summary>The message being streamed in from each source: a receive or an unexpected envelope.</summary>
    private readonly object?[] _streams;
    /// <summary>Posted receives not yet matched, in posting order.</summary>
    private readonly List<ReceiveOperation> _posted = [];
    /// <summary>Messages not yet matched, in arrival order (short: a list's removal beats a linked list's node per message).</summary>
    private readonly List<Envelope> _unexpected = [];
    /// <summary>
    /// True for a rank whose memory this rank can read (a rank of the same isle process): large messages between them
    /// go by single-copy rendezvous. Never true for a rank process (<c>--aot</c>), alone in its address space.
    /// </summary>
    private readonly bool[] _sharesMemory;
    /// <summary>
    /// What collectives group ranks by: the isle in a job of one node, the node in a job of several (so collectives
    /// go within the node through the segment first, then across nodes). The same on every rank of the job.
    /// </summary>
    private readonly int[] _groupOf;
    /// <summary>True for a rank of another node: its end of every channel is this node's proxy.</summary>
    private readonly bool[] _remote;
    /// <summary>Largest message sent eagerly (one record).</summary>
    private readonly int _eagerLimit;
    /// <summary>Largest fragment of a streamed message to a rank of this node.</summary>
    private readonly int _fragment;
    /// <summary>Largest fragment of a streamed message to a rank of another node (<see cref="RemoteFragmentRing"/>).</summary>
    private readonly int _remoteFragment;
    /// <summary>Sends waiting in <see cref="_pending"/>.</summary>
    private int _pendingCount;
    /// <summary>This rank's listening flag (beside its doorbell): set only while it waits for the doorbell.</summary>
    private readonly int* _listening;
    /// <summary>Every rank's listening flag: a message is followed by a ring only when its receiver listens.</summary>
    private readonly int*[] _listeningOf;
    /// <summary>True for a rank of a hosted isle: only the rank's own thread may use the engine.</summary>
    private readonly bool _ownThreadOnly;
    /// <summary>
    /// In a rank that is a process of its own (<c>--aot</c>, no isle scheduler): the managed id of the rank's own thread;
    /// -1 in an isle, whose scheduler knows the rank's thread itself.
    /// </summary>
    private readonly int _ownerThread;

    /// <summary>
    /// Attaches rank <paramref name="rank"/> to the channels of <paramref name="segment"/>; with
    /// <paramref name="ownThreadOnly"/>, only the rank's thread may use it: the one the isle scheduler runs, or
    /// <paramref name="ownerThread"/> (a managed thread id, never negative) in a rank process, which shares its memory
    /// with no other rank.
    /// </summary>
    public MessageEngine(SegmentView segment, int rank, bool ownThreadOnly, int ownerThread = -1)
    {
        _ownThreadOnly = ownThreadOnly;
        _ownerThread = ownerThread;
        _segment = segment;
        _rank = rank;
        _size = segment.Layout.RankCount;
        _doorbell = segment.Doorbell(rank);
        _listening = segment.Listening(rank);
        _wait = &segment.Rank(rank)->Wait;
        int capacity = segment.Layout.ChannelCapacity;
        _incoming = new RingReader[_size];
        _outgoing = new RingWriter[_size];
        _pending = new Queue<SendOperation>?[_size];
        _streams = new object?[_size];
        _sharesMemory = new bool[_size];
        _groupOf = new int[_size];
        _remote = new bool[_size];
        _listeningOf = new int*[_size];
        bool severalNodes = segment.Header->NodeCount > 1;
        for (int other = 0; other < _size; other++)
        {
            RankSlot* slot = segment.Rank(other);
            _remote[other] = slot->Node != segment.Header->LocalNode;
            _groupOf[other] = severalNodes ? slot->Node : slot->Isle;
            _incoming[other] = new RingReader(segment.Channel(other, rank), capacity, segment.ChannelStampKey(other, rank));
            _outgoing[other] = new RingWriter(segment.Channel(rank, other), capacity, segment.ChannelStampKey(rank, other));
            _sharesMemory[other] = ownerThread < 0 && slot->Isle == segment.Rank(rank)->Isle && !_remote[other];
            _listeningOf[other] = segment.Listening(other);
        }

        _fragment = RingWriter.MaxPayload(capacity) - sizeof(MessageHeader);
        // Larger messages go by rendezvous within an isle (one copy) or stream, whatever the ring's size: a wider
        // ring buys small messages room to pipeline, and must not turn 16 KiB messages into two copies.
        _eagerLimit = Math.Min(_fragment, RingWriter.MaxPayload(EagerRing) - sizeof(MessageHeader));
        _remoteFragment = Math.Min(_fragment, RingWriter.MaxPayload(RemoteFragmentRing) - sizeof(MessageHeader));
    }

    /// <summary>
    /// The ring size whose record payload bounds a fragment to another node: 512 KiB, a 128 KiB record. The channels
    /// of a job across nodes are 1 MiB, and the node's proxy forwards records in batches of up to 1 MiB (pooled
    /// frames, one MPI message each) onto 1 MiB channels at the far end: eight fragments fill a batch, and a fragment
    /// fits a channel its rank is still draining. 2 nodes of one cpu each, 1 MiB / 4 MiB bandwidth, 4 runs each:
    /// 64 KiB fragments 1.2-1.3 / 1.05-1.24 GB/s, 128 KiB 1.49-1.65 / 1.29-1.42, 256 KiB 1.42-1.55 / 1.24-1.37.
    /// </summary>
    private const int RemoteFragmentRing = 512 * 1024;

    /// <summary>Largest fragment of a streamed message to <paramref name="destination"/>.</summary>
    private int FragmentTo(int destination) => _remote[destination] ? _remoteFragment : _fragment;

    /// <summary>The ring size whose record payload bounds an eager message: 64 KiB, a 16 KiB record.</summary>
    private const int EagerRing = 64 * 1024;

    /// <summary>This rank.</summary>
    public int Rank => _rank;

    /// <summary>Ranks in the job.</summary>
    public int Size => _size;

    /// <summary>True for a job of one node: ranks of one isle (the same process) may share memory directly.</summary>
    public bool IsOneNode => _segment.Header->NodeCount <= 1;

    /// <summary>
    /// True when the ranks of this rank's isle are threads of this process (a hosted isle); false for a rank process
    /// (<c>--aot</c>), which shares no memory or objects with its isle's other ranks.
    /// </summary>
    public bool IsleRanksShareProcess => _ownerThread < 0;

    /// <summary>The window memory of this node's segment, which shared-memory windows are cut from.</summary>
    public WindowArena Windows => _segment.Windows;

    /// <summary>The group collectives put <paramref name="rank"/> in: its isle, or its node in a job of several nodes.</summary>
    public int IsleOf(int rank) => _groupOf[rank];

    /// <summary>The node and the isle (numbered within the node) that host <paramref name="rank"/>.</summary>
    public (int Node, int Isle) PlaceOf(int rank) => (_segment.Rank(rank)->Node, _segment.Rank(rank)->Isle);

    /// <summary>
    /// True when a send of <paramref name="length"/> bytes to <paramref name="destination"/> may hand its address to the
    /// receiver (a rendezvous within this process, as <see cref="TryPush"/> chooses): its buffer must stay pinned.
    /// </summary>
    public bool MayShareAddress(int destination, long length, bool synchronous) =>
        _sharesMemory[destination] && (synchronous || length > _eagerLimit);

    /// <summary>Starts a send; it completes at once when buffered, later when streamed or taken by rendezvous.</summary>
    public void Start(SendOperation send)
    {
        CheckThread();
        Queue<SendOperation>? queue = _pending[send.Destination];
        if ((queue is null || queue.Count == 0) && TryPush(send))
        {
            return;
        }

        (_pending[send.Destination] ??= new Queue<SendOperation>()).Enqueue(send);
        _pendingCount++;
    }

    /// <summary>Posts a receive: an unexpected message that matches is taken at once, else it waits in order.</summary>
    public void Post(ReceiveOperation receive)
    {
        CheckThread();
        for (int i = 0; i < _unexpected.Count; i++)
        {
            Envelope envelope = _unexpected[i];
            if (receive.Matches(envelope.Context, envelope.Source, envelope.Tag))
            {
                _unexpected.RemoveAt(i);
                int source = envelope.Source;
                long acknowledgement = envelope.AcknowledgementCookie; // read before the envelope may go back to the pool
                TakeUnexpected(receive, envelope);
                if (acknowledgement != 0)
                {
                    SendAcknowledgement(source, acknowledgement);
                }

                return;
            }
        }

        _posted.Add(receive);
    }

    /// <summary>Finds the first unexpected message that a receive with this envelope would match (after progressing).</summary>
    public Envelope? Probe(int context, int source, int tag)
    {
        Progress();
        foreach (Envelope envelope in _unexpected)
        {
            if (envelope.Context == context && (source == Any.Source || source == envelope.Source) && (tag == Any.Tag || tag == envelope.Tag))
            {
                return envelope;
            }
        }

        return null;
    }

    /// <summary>Moves messages in both directions as far as possible without waiting; true when anything moved.</summary>
    public bool Progress()
    {
        // Every channel is looked at: a sender rings only a listening receiver, so the doorbell does not say which
        // channels (if any) hold something. An unchanged channel costs one read of a line in this core's cache.
        bool any = false;
        for (int source = 0; source < _size; source++)
        {
            any |= Drain(source);
        }

        if (_pendingCount > 0)
        {
            any |= PushPending();
        }

        if (_collectives.Count > 0)
        {
            any |= AdvanceCollectives();
        }

        return any;
    }

    /// <summary>
    /// Waits (letting the core go to other ranks) until <paramref name="operation"/> completed; while blocked, the
    /// rank's wait record says <paramref name="op"/>.
    /// </summary>
    public void Wait(MessageOperation operation, RankWaitOp op)
    {
        int polls = 0;
        bool remote = AwaitsRemote(operation);
        while (!operation.IsComplete)
        {
            if (Poll(operation, polls))
            {
                continue;
            }

            bool mayPoll = RankWaiting.MayPoll(_doorbell);
            if (++polls < RemotePollsBeforeWaiting && remote && mayPoll)
            {
                // The node's link thread may need this cpu to bring the answer (see MessageEngine.Remote.cs).
                _ = Thread.Yield();
                continue;
            }

            if (polls < PollsBeforeWaiting && mayPoll)
            {
                Thread.SpinWait(1);
                continue;
            }

            polls = 0;
            if (!ListenAndCheck(operation))
            {
                PublishWait(op, operation);
                RankWaiting.Wait(_doorbell, _listenedAt);
                ClearWait();
            }

            StopListening();
        }
    }

    /// <summary>Sends and returns once the buffer may be reused (blocked, the rank says <paramref name="op"/>).</summary>
    public void Send(SendOperation send, RankWaitOp op)
    {
        Start(send);
        Wait(send, op);
    }

    /// <summary>Receives: returns once the message is in the buffer or did not fit (blocked, the rank says <paramref name="op"/>).</summary>
    public void Receive(ReceiveOperation receive, RankWaitOp op)
    {
        Post(receive);
        Wait(receive, op);
    }

    /// <summary>Posts the receive before sending, then waits for both: no deadlock whatever the partner does.</summary>
    public void Exchange(SendOperation send, ReceiveOperation receive, RankWaitOp op)
    {
        Post(receive);
        Start(send);
        Wait(send, op);
        Wait(receive, op);
    }

    /// <summary>
    /// Waits until something happens for this rank (a message, a completion), progressing first; while blocked, the
    /// rank's wait record says <paramref name="op"/> for a message from <paramref name="source"/> (a world rank,
    /// <see cref="Any.Source"/>, or <see cref="RankWait.NoRank"/> when the wait is not for one message).
    /// </summary>
    public void WaitForActivity(RankWaitOp op, int source, int tag, int context)
    {
        if (Progress())
        {
            return;
        }

        if (!ListenAndCheck(null))
        {
            PublishWait(op, source, RankWait.NoRank, tag, context);
            RankWaiting.Wait(_doorbell, _listenedAt);
            ClearWait();
        }

        StopListening();
    }

    /// <summary>
    /// The engine is not thread-safe (MPI_THREAD_FUNNELED): a call from another thread of the rank would corrupt its
    /// queues, so it is refused with a clear error instead.
    /// </summary>
    private void CheckThread()
    {
        bool ownThread = _ownerThread >= 0 ? Environment.CurrentManagedThreadId == _ownerThread : Scheduling.IsleScheduler.Current?.Rank == _rank;
        if (_ownThreadOnly && !ownThread)
        {
            throw new InvalidOperationException(
                $"rank {_rank}: Hpc.Mpi is called from the rank's own thread only (MPI_THREAD_FUNNELED), not from a thread or task it started");
        }
    }

    /// <summary>
    /// Tells <paramref name="rank"/> that a message is on its channel, when it needs telling: a rank of this node that
    /// polls (does not listen) finds the message itself, so the ring and its cache-line transfer are saved. The
    /// caller has just published the message with a full fence, so this read of the flag is ordered after it.
    /// </summary>
    private void Notify(int rank)
    {
        if (_remote[rank] || Volatile.Read(ref *_listeningOf[rank]) != 0)
        {
            Ring(rank);
        }
    }

    /// <summary>Tells <paramref name="rank"/> that something is there for it.</summary>
    private void Ring(int rank)
    {
        if (!_remote[rank])
        {
            Hosted.Doorbell.Ring(_segment.Doorbell(rank));
            return;
        }

        // A rank of another node is served by this node's link to the other nodes, which sleeps on the node doorbell.
        Hosted.Doorbell.Ring(&_segment.Header->NodeDoorbell);
    }

    /// <summary>Pushes queued sends in order, per destination, as far as channel space allows.</summary>
    private bool PushPending()
    {
        bool any = false;
        for (int destination = 0; destination < _size; destination++)
        {
            Queue<SendOperation>? queue = _pending[destination];
            while (queue is { Count: > 0 })
            {
                SendOperation send = queue.Peek();
                long before = send.Sent;
                bool started = send.Started;
                bool done = TryPush(send);
                any |= done || send.Sent != before || send.Started != started;
                if (!done)
                {
                    break;
                }

                queue.Dequeue();
                _pendingCount--;
                if (send.AcknowledgementOf != 0)
                {
                    Return(send);
                }
            }
        }

        return any;
    }

    /// <summary>
    /// Pushes as much of <paramref name="send"/> as the channel takes; true when nothing of it is left to push
    /// (it may still wait for a rendezvous receiver).
    /// </summary>
    private bool TryPush(SendOperation send)
    {
        int destination = send.Destination;
        ref RingWriter writer = ref _outgoing[destination];
        bool pushed = false;
        try
        {
            if (send.AcknowledgementOf != 0)
            {
                pushed = PushAcknowledgement(ref writer, send);
                return pushed;
            }

            if (!send.Started)
            {
                // A synchronous send to a rank of this process goes by rendezvous whatever its size: the receiver's
                // copy completes it, which is exactly "a receive matched".
                MessageKind kind = send.Length <= _eagerLimit && !(send.Synchronous && _sharesMemory[destination]) ? MessageKind.Eager
                    : _sharesMemory[destination] ? MessageKind.Rendezvous
                    : MessageKind.First;
                long first = kind switch
                {
                    MessageKind.Eager => send.Length,
                    MessageKind.Rendezvous => 0,
                    _ => Math.Min(FragmentTo(destination), send.Length),
                };
                // A rendezvous record's data is the sender's buffer address (valid in this process only: same isle).
                int data = kind == MessageKind.Rendezvous ? sizeof(long) : (int)first;
                byte* record = Reserve(ref writer, sizeof(MessageHeader) + data);
                if (record == null)
                {
                    return false;
                }

                var header = (MessageHeader*)record;
                *header = new MessageHeader { Context = send.Context, Tag = send.Tag, Length = send.Length };
                if (kind == MessageKind.Rendezvous)
                {
                    *(long*)(record + sizeof(MessageHeader)) = (long)send.Data.Address; // Isend pins what may go by rendezvous
                    header->Cookie = send.Cookie;
                }
                else if (send.Synchronous)
                {
                    header->Cookie = send.Cookie; // asks for an Ack when a receive matches
                }

                fixed (byte* bytes = send.Data)
                {
                    Buffer.MemoryCopy(bytes, record + sizeof(MessageHeader), first, first);
                }

                writer.Commit((ushort)kind, 0, 0, sizeof(MessageHeader) + data);
                pushed = true;
                send.Started = true;
                send.Sent = first;
                if (kind == MessageKind.Rendezvous)
                {
                    return true; // the receiver completes it
                }
            }

            while (send.Sent < send.Length)
            {
                int chunk = (int)Math.Min(FragmentTo(destination), send.Length - send.Sent);
                byte* record = Reserve(ref writer, chunk);
                if (record == null)
                {
                    return false;
                }

                fixed (byte* data = send.Data)
                {
                    Buffer.MemoryCopy(data + send.Sent, record, chunk, chunk);
                }

                writer.Commit((ushort)MessageKind.Next, 0, 0, chunk);
                pushed = true;
                send.Sent += chunk;
            }

            if (!send.Synchronous || send.Acknowledged)
            {
                send.Complete(); // else the Ack completes it
            }

            return true;
        }
        finally
        {
            if (pushed)
            {
                Notify(destination);
            }
        }
    }

    /// <summary>Reserves a record; when the channel is full, asks its consumer to ring this rank once it made room.</summary>
    private static byte* Reserve(ref RingWriter writer, int length)
    {
        byte* record = writer.TryReserve(length);
        if (record != null)
        {
            return record;
        }

        Interlocked.Exchange(ref *writer.ProducerWaiting, 1);
        return writer.TryReserve(length); // the consumer may have made room before it saw the flag
    }
}
