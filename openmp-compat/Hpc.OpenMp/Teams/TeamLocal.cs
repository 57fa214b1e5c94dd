namespace Hpc.OpenMp.Teams;

/// <summary>
/// One value per team, made on first use: the reusable state a region's primary fills in before launching it (its
/// work, its reduction slots). Teams run side by side once regions nest, so such state cannot be one per rank. Teams
/// are numbered densely (the rank's team 0, nested ones from 1), so a lookup is an array read.
/// </summary>
internal sealed class TeamLocal<T>
    where T : class
{
    /// <summary>Makes the value of a team the first time it is asked for.</summary>
    private readonly Func<T> _create;
    /// <summary>Guards the growth of <see cref="_values"/>.</summary>
    private readonly Lock _lock = new();
    /// <summary>The values, indexed by team id (null: not made yet).</summary>
    private T?[] _values = [];

    /// <summary>Creates an empty table whose values <paramref name="create"/> makes.</summary>
    public TeamLocal(Func<T> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        _create = create;
    }

    /// <summary>The value of <paramref name="team"/>.</summary>
    public T For(Team team)
    {
        T?[] values = Volatile.Read(ref _values);
        int id = team.Id;
        return (uint)id < (uint)values.Length && values[id] is { } value ? value : Make(id);
    }

    /// <summary>Makes the value of team <paramref name="id"/> (once: a team's values are used by its primary only, one at a time, but several teams may grow the table at once).</summary>
    private T Make(int id)
    {
        lock (_lock)
        {
            T?[] values = _values;
            if (id >= values.Length)
            {
                Array.Resize(ref values, Math.Max(id + 1, values.Length * 2));
            }

            T value = values[id] ??= _create();
            Volatile.Write(ref _values, values);
            return value;
        }
    }
}
