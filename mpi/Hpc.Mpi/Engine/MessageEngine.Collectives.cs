namespace Hpc.Mpi.Engine;

/// <summary>The non-blocking collectives in flight: advanced at every progress of the rank.</summary>
internal sealed unsafe partial class MessageEngine
{
    /// <summary>Non-blocking collectives started and not yet complete, in starting order.</summary>
    private readonly List<CollectiveOperation> _collectives = [];

    /// <summary>Starts a non-blocking collective: its first step goes out now, the rest as the rank progresses.</summary>
    public void Start(CollectiveOperation collective)
    {
        CheckThread();
        collective.Advance(this);
        if (!collective.IsComplete)
        {
            _collectives.Add(collective);
        }
    }

    /// <summary>Advances every collective in flight; true when any of them moved.</summary>
    private bool AdvanceCollectives()
    {
        bool any = false;
        for (int i = 0; i < _collectives.Count; i++)
        {
            CollectiveOperation collective = _collectives[i];
            any |= collective.Advance(this);
            if (collective.IsComplete)
            {
                _collectives.RemoveAt(i--);
            }
        }

        return any;
    }
}
