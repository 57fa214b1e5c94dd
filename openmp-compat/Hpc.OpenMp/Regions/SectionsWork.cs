using Hpc.OpenMp.Teams;

namespace Hpc.OpenMp.Regions;

/// <summary>Combined parallel sections: the members take the sections first come, first served.</summary>
internal sealed class SectionsWork : TeamWork
{
    /// <summary>The sections, copied from the caller's span (the array grows, never shrinks).</summary>
    private Action[] _sections = [];

    /// <summary>The number of sections in use.</summary>
    private int _count;

    /// <summary>Takes the sections of the next region.</summary>
    public void Set(ReadOnlySpan<Action> sections)
    {
        if (_sections.Length < sections.Length)
        {
            _sections = new Action[sections.Length];
        }

        sections.CopyTo(_sections);
        _count = sections.Length;
    }

    /// <summary>Drops the references once the region ended.</summary>
    public void Clear()
    {
        Array.Clear(_sections, 0, _count);
        _count = 0;
    }

    /// <inheritdoc/>
    public override void Run(TeamThread thread) => Omp.RunSections(thread, _sections.AsSpan(0, _count));
}
