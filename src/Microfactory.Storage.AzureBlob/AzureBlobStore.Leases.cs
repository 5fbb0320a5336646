using System.Globalization;
using Azure;
using Azure.Core;

namespace Microfactory.Storage.AzureBlob;

public sealed partial class AzureBlobStore
{
    public async Task<string> AcquireLeaseAsync(string key, TimeSpan duration, string? proposedLeaseId = null, CancellationToken cancellationToken = default)
    {
        var seconds = duration == Timeout.InfiniteTimeSpan ? -1
            : duration >= TimeSpan.FromSeconds(15) && duration <= TimeSpan.FromSeconds(60) ? (int)duration.TotalSeconds
            : throw new ArgumentOutOfRangeException(nameof(duration), duration, "A blob lease lasts 15 to 60 seconds, or is infinite.");
        var response = await LeaseAsync(key, "acquire", 201, cancellationToken, headers =>
        {
            headers.Add("x-ms-lease-duration", seconds.ToString(CultureInfo.InvariantCulture));
            if (proposedLeaseId is not null)
            {
                headers.Add("x-ms-proposed-lease-id", proposedLeaseId);
            }
        }).ConfigureAwait(false);
        return response;
    }

    public Task RenewLeaseAsync(string key, string leaseId, CancellationToken cancellationToken = default) =>
        LeaseAsync(key, "renew", 200, cancellationToken, headers => headers.Add("x-ms-lease-id", leaseId));

    public Task ReleaseLeaseAsync(string key, string leaseId, CancellationToken cancellationToken = default) =>
        LeaseAsync(key, "release", 200, cancellationToken, headers => headers.Add("x-ms-lease-id", leaseId));

    public Task<string> PutLeasedAsync(string key, ReadOnlyMemory<byte> content, string leaseId, WriteCondition condition,
        CancellationToken cancellationToken = default)
    {
        BlobKey.Validate(key);
        ArgumentException.ThrowIfNullOrEmpty(leaseId);
        if (content.Length > _options.BlockSize)
        {
            throw new ArgumentException($"A leased write holds at most {_options.BlockSize} bytes (one request); '{key}' got {content.Length}.", nameof(content));
        }

        return PutBlobAsync(key, content, condition, cancellationToken, leaseId);
    }

    public async Task<TimeSpan> BreakLeaseAsync(string key, TimeSpan breakPeriod, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(breakPeriod, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(breakPeriod, TimeSpan.FromSeconds(60));
        var remaining = await LeaseAsync(key, "break", 202, cancellationToken,
            headers => headers.Add("x-ms-lease-break-period", ((int)breakPeriod.TotalSeconds).ToString(CultureInfo.InvariantCulture)),
            response => response.Headers.TryGetValue("x-ms-lease-time", out var t) ? t : "0").ConfigureAwait(false);
        return TimeSpan.FromSeconds(int.Parse(remaining, CultureInfo.InvariantCulture));
    }

    private async Task<string> LeaseAsync(string key, string action, int success, CancellationToken cancellationToken,
        Action<RequestHeaders> addHeaders, Func<Response, string>? result = null)
    {
        BlobKey.Validate(key);
        using var message = _http.Create(RequestMethod.Put, key, ("comp", "lease"));
        message.Request.Headers.Add("x-ms-lease-action", action);
        addHeaders(message.Request.Headers);
        var response = await _http.SendAsync(message, cancellationToken).ConfigureAwait(false);
        if (response.Status != success)
        {
            throw response.Status is 401 or 403 ? BlobErrors.For(response, $"{action} a lease on '{key}'", key) : BlobErrors.Lease(response, key, action);
        }

        return result?.Invoke(response) ?? (response.Headers.TryGetValue("x-ms-lease-id", out var id) ? id : "");
    }
}
