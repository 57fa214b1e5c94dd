namespace Hpc.Hosted;

/// <summary>How the running isle process is confined, as the re-executed second phase sees it.</summary>
internal enum ConfinementOutcome
{
    /// <summary>Not confined: this process did not come out of <see cref="IsleConfinement.ConfineAndReExec"/>.</summary>
    Unconfined,

    /// <summary>Pinned, in its own process group, no_new_privs, and Landlock-confined.</summary>
    Landlocked,

    /// <summary>Pinned, in its own process group and no_new_privs, but the kernel has no Landlock: files are not confined.</summary>
    LandlockUnavailable,
}
