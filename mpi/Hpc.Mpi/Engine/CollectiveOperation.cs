using System.Buffers;

namespace Hpc.Mpi.Engine;

/// <summary>
/// A non-blocking collective in flight: a schedule of steps, each a set of sends and receives started together and
/// an optional local action (a reduction) run once they all completed; the next step starts then. The engine advances
/// it whenever it progresses (<see cref="MessageEngine.Progress"/>: every Wait, Test, probe or blocking call of the
/// rank), so it overlaps the rank's computation between those calls. Made per call (it is not pooled).
/// </summary>
internal sealed unsafe class CollectiveOperation : MessageOperation
{
    /// <summary>The steps, in order.</summary>
    private readonly List<Step> _steps = [];
    /// <summary>The sends and receives of the step in flight.</summary>
    private readonly List<MessageOperation> _inFlight = [];
    /// <summary>Buffers kept pinned until the collective completes.</summary>
    private readonly List<MemoryHandle> _pins = [];
    /// <summary>The collective context of the communicator.</summary>
    private readonly int _context;
    /// <summary>The step to start next.</summary>
    private int _next;

    /// <summary>Creates an empty schedule on collective context <paramref name="context"/>.</summary>
    public CollectiveOperation(int context)
    {
        _context = context;
        Begin(default);
    }

    /// <summary>The first send or receive of the step in flight that has not completed: what a wait on this collective waits for now.</summary>
    public MessageOperation? Pending
    {
        get
        {
            foreach (MessageOperation operation in _inFlight)
            {
                if (!operation.IsComplete)
                {
                    return operation;
                }
            }

            return null;
        }
    }

    /// <summary>Set when a receive did not get the length it expected: the collective ends with this error.</summary>
    public Exception? Error { get; private set; }

    /// <summary>Appends an empty step; the transfers and action added next belong to it.</summary>
    public void NextStep() => _steps.Add(new Step());

    /// <summary>Adds a send of <paramref name="length"/> bytes at <paramref name="data"/> to world rank <paramref name="rank"/> to the last step.</summary>
    public void Send(int rank, byte* data, long length, int tag) => _steps[^1].Transfers.Add(new Transfer(true, rank, (nint)data, length, tag));

    /// <summary>Adds a receive of exactly <paramref name="length"/> bytes into <paramref name="data"/> from world rank <paramref name="rank"/> to the last step.</summary>
    public void Receive(int rank, byte* data, long length, int tag) => _steps[^1].Transfers.Add(new Transfer(false, rank, (nint)data, length, tag));

    /// <summary>Runs <paramref name="action"/> once every transfer of the last step completed, before the next step starts.</summary>
    public void Then(Action action) => _steps[^1].After = action;

    /// <summary>Keeps <paramref name="pin"/> until the collective completes.</summary>
    public void Keep(MemoryHandle pin) => _pins.Add(pin);

    /// <summary>
    /// Moves the schedule on as far as the completed transfers allow: true when a step ended or started. Completes
    /// the operation after its last step (or on an error).
    /// </summary>
    public bool Advance(MessageEngine engine)
    {
        bool moved = false;
        while (!IsComplete)
        {
            foreach (MessageOperation operation in _inFlight)
            {
                if (!operation.IsComplete)
                {
                    return moved;
                }
            }

            if (_inFlight.Count > 0 || _next > 0)
            {
                EndStep(engine);
                if (Error is null)
                {
                    _steps[_next - 1].After?.Invoke();
                }
            }

            moved = true;
            if (_next == _steps.Count || Error is not null)
            {
                foreach (MemoryHandle pin in _pins)
                {
                    pin.Dispose();
                }

                _pins.Clear();
                Complete();
                return true;
            }

            foreach (Transfer transfer in _steps[_next].Transfers)
            {
                if (transfer.IsSend)
                {
                    SendOperation send = engine.RentSend((byte*)transfer.Data, transfer.Length, transfer.Rank, _context, transfer.Tag);
                    _inFlight.Add(send);
                    engine.Start(send);
                }
                else
                {
                    ReceiveOperation receive = engine.RentReceive((byte*)transfer.Data, transfer.Length, transfer.Rank, _context, transfer.Tag);
                    _inFlight.Add(receive);
                    engine.Post(receive);
                }
            }

            _next++;
        }

        return moved;
    }

    /// <summary>Gives the completed transfers of the step back to the pool, noting a receive that got a wrong length.</summary>
    private void EndStep(MessageEngine engine)
    {
        foreach (MessageOperation operation in _inFlight)
        {
            if (operation is ReceiveOperation receive && (receive.Error is not null || receive.MatchedLength != receive.Capacity))
            {
                Error ??= new InvalidOperationException(
                    $"a non-blocking collective received {receive.MatchedLength} bytes where it expected {receive.Capacity}: do all ranks call the same collective with matching counts?",
                    receive.Error);
            }

            engine.Return(operation);
        }

        _inFlight.Clear();
    }

    /// <summary>One send or receive of a step.</summary>
    private readonly record struct Transfer(bool IsSend, int Rank, nint Data, long Length, int Tag);

    /// <summary>A step: transfers started together, and what to do once they all completed.</summary>
    private sealed class Step
    {
        /// <summary>The sends and receives.</summary>
        public List<Transfer> Transfers { get; } = [];

        /// <summary>The local work after them, or null.</summary>
        public Action? After { get; set; }
    }
}
