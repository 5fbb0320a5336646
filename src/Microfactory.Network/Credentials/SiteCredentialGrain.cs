using Microfactory.Network.Sites;
using Orleans;

namespace Microfactory.Network.Credentials;

[GrainType("site-credential")]
public sealed class SiteCredentialGrain(TimeProvider time, [PersistentState(NetworkStorage.State, NetworkStorage.Name)] IPersistentState<SiteCredentialState> state)
    : Grain, ISiteCredentialGrain
{
    private SiteCredentialState State => state.State;

    private string SiteId => this.GetPrimaryKeyString();

    public async Task<EnrolmentTokenInfo> AddEnrolmentTokenAsync(string tokenDigest, DateTimeOffset expiresAt, string createdBy)
    {
        await EnsureSiteAsync();
        var now = time.GetUtcNow();
        Prune(now);
        var token = new StoredEnrolmentToken { Digest = tokenDigest, CreatedAt = now, ExpiresAt = expiresAt, CreatedBy = createdBy };
        State.Tokens.Add(token);
        await SaveAsync();
        return Info(token);
    }

    public async Task<EnrolResult> EnrolAsync(string tokenDigest, string credentialDigest, TimeSpan grace)
    {
        var now = time.GetUtcNow();
        var token = State.Tokens.FirstOrDefault(t => SiteSecrets.SameDigest(t.Digest, tokenDigest));
        if (token is null)
        {
            return new EnrolResult(EnrolOutcome.UnknownToken, now);
        }

        if (token.UsedAt is { } used)
        {
            return new EnrolResult(EnrolOutcome.AlreadyUsed, used);
        }

        if (token.ExpiresAt <= now)
        {
            return new EnrolResult(EnrolOutcome.Expired, token.ExpiresAt);
        }

        token.UsedAt = now;
        Issue(credentialDigest, "enrolment", now, grace);
        await SaveAsync();
        return new EnrolResult(EnrolOutcome.Enrolled, now);
    }

    public async Task<SiteCredentialView> RotateAsync(string credentialDigest, TimeSpan grace)
    {
        await EnsureSiteAsync();
        Issue(credentialDigest, "rotation", time.GetUtcNow(), grace);
        await SaveAsync();
        return View();
    }

    public async Task<SiteCredentialView> RevokeAsync(string reason)
    {
        await EnsureSiteAsync();
        var now = time.GetUtcNow();
        State.Credentials.Clear();
        State.Tokens.RemoveAll(t => t.UsedAt is null);
        State.RevokedAt = now;
        await SaveAsync();

        // After the write: a stream that opens from here on is refused by the check, and the one open now is told to end.
        await GrainFactory.GetGrain<ISiteGrain>(SiteId).EndSessionAsync(reason);
        return View();
    }

    public Task<CredentialCheck> CheckAsync(string credentialDigest)
    {
        var now = time.GetUtcNow();
        var match = State.Credentials.FirstOrDefault(c => SiteSecrets.SameDigest(c.Digest, credentialDigest) && !(c.RetiresAt <= now));
        return Task.FromResult(new CredentialCheck(match is not null, match?.RetiresAt));
    }

    public async Task<SiteCredentialView> GetAsync()
    {
        await EnsureSiteAsync();
        return View();
    }

    /// <summary>A new current credential; the ones before it retire after <paramref name="grace"/> (or sooner, if already set to).</summary>
    private void Issue(string digest, string how, DateTimeOffset now, TimeSpan grace)
    {
        Prune(now);
        var retiresAt = now + grace;
        foreach (var older in State.Credentials)
        {
            older.RetiresAt = older.RetiresAt is { } set && set < retiresAt ? set : retiresAt;
        }

        State.Credentials.Add(new StoredCredential { Digest = digest, IssuedAt = now, IssuedBy = how });
    }

    /// <summary>Retired credentials and expired tokens are of no further use; dropping them keeps the record small.</summary>
    private void Prune(DateTimeOffset now)
    {
        State.Credentials.RemoveAll(c => c.RetiresAt <= now);
        State.Tokens.RemoveAll(t => t.ExpiresAt <= now);
    }

    private async Task SaveAsync()
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // What is in memory was not stored: the next call must read what storage holds, not act on this.
            DeactivateOnIdle();
            throw;
        }
    }

    private async Task EnsureSiteAsync()
    {
        if (await GrainFactory.GetGrain<ISiteGrain>(SiteId).GetAsync() is null)
        {
            throw new NotFoundException("Site", SiteId);
        }
    }

    private SiteCredentialView View()
    {
        var now = time.GetUtcNow();
        return new SiteCredentialView(
            SiteId,
            State.Credentials.Where(c => !(c.RetiresAt <= now)).Select(c => new CredentialInfo(SiteSecrets.IdOf(c.Digest), c.IssuedAt, c.RetiresAt, c.IssuedBy)).ToList(),
            State.Tokens.Where(t => t.ExpiresAt > now).Select(Info).ToList(),
            State.RevokedAt);
    }

    private static EnrolmentTokenInfo Info(StoredEnrolmentToken t) => new(SiteSecrets.IdOf(t.Digest), t.CreatedAt, t.ExpiresAt, t.CreatedBy, t.UsedAt);
}
