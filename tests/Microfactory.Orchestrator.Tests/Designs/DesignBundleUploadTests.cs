using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microfactory.Orchestrator.Tests.Support;

namespace Microfactory.Orchestrator.Tests.Designs;

/// <summary>Uploading a design version's bundle: content-addressed, idempotent, immutable once published, bounded.</summary>
public sealed class DesignBundleUploadTests(DesignBundleUploadTests.SmallLimitApi factory) : IClassFixture<DesignBundleUploadTests.SmallLimitApi>
{
    public const long Limit = 2 * 1024 * 1024;

    private readonly HttpClient _admin = factory.Admin();
    private readonly Seed _seed = new(factory);

    [Fact]
    public async Task An_uploaded_bundle_streams_back_byte_for_byte_with_its_hash_and_is_listed()
    {
        await _seed.DesignAsync("gear", "1.0.0", ["cnc"], TimeSpan.FromMinutes(5));
        var bytes = RandomNumberGenerator.GetBytes(700_000);

        var uploaded = await UploadAsync("gear", "1.0.0", bytes);
        Assert.Equal(HttpStatusCode.OK, uploaded.StatusCode);

        using var download = await _admin.GetAsync("/api/designs/gear/versions/1.0.0/bundle").Within("GET the bundle");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(bytes, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal(bytes.Length, download.Content.Headers.ContentLength);
        Assert.Equal($"\"{Sha(bytes)}\"", download.Headers.ETag?.Tag);
        Assert.Equal(Sha(bytes), download.Headers.GetValues("X-Content-SHA256").Single());

        var versions = await (await _admin.GetAsync("/api/designs/gear").Within("GET versions")).ReadAsync<List<VersionView>>();
        Assert.Equal((Sha(bytes), (long?)bytes.Length), (versions.Single().BundleSha256, versions.Single().BundleSize));
    }

    [Fact]
    public async Task The_same_bytes_again_are_accepted_and_different_bytes_are_409_naming_both_hashes()
    {
        await _seed.DesignAsync("cog", "2.1.0", ["cnc"], TimeSpan.FromMinutes(5));
        var first = RandomNumberGenerator.GetBytes(10_000);
        var other = RandomNumberGenerator.GetBytes(10_000);

        Assert.Equal(HttpStatusCode.OK, (await UploadAsync("cog", "2.1.0", first)).StatusCode);
        var again = await UploadAsync("cog", "2.1.0", first);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(Sha(first), (await again.ReadAsync<VersionView>()).BundleSha256);

        var problem = await (await UploadAsync("cog", "2.1.0", other)).ProblemAsync(409);
        Assert.Contains(Sha(first), problem.Detail);
        Assert.Contains(Sha(other), problem.Detail);
        using var download = await _admin.GetAsync("/api/designs/cog/versions/2.1.0/bundle").Within("GET the bundle");
        Assert.Equal(first, await download.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_body_that_does_not_match_its_declared_hash_is_refused_and_nothing_is_stored()
    {
        await _seed.DesignAsync("nut", "1.0.0", ["cnc"], TimeSpan.FromMinutes(5));
        var bytes = RandomNumberGenerator.GetBytes(50_000);
        var corrupted = bytes.ToArray();
        corrupted[12_345] ^= 0xFF;

        var problem = await (await UploadAsync("nut", "1.0.0", corrupted, declaredSha: Sha(bytes))).ProblemAsync(422);
        Assert.Contains(Sha(corrupted), problem.Detail);

        using var missing = await _admin.GetAsync("/api/designs/nut/versions/1.0.0/bundle").Within("GET the bundle");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await UploadAsync("nut", "1.0.0", bytes)).StatusCode);
    }

    [Fact]
    public async Task A_bundle_over_the_limit_is_413_whether_or_not_it_declares_its_length()
    {
        await _seed.DesignAsync("beam", "1.0.0", ["cnc"], TimeSpan.FromMinutes(5));
        var bytes = RandomNumberGenerator.GetBytes((int)Limit + 1);

        await (await UploadAsync("beam", "1.0.0", bytes)).ProblemAsync(413);
        var problem = await (await UploadAsync("beam", "1.0.0", bytes, chunked: true)).ProblemAsync(413);
        Assert.Contains("Designs:MaxBundleBytes", problem.Detail);
    }

    [Theory]
    [InlineData("ghost", "1.0.0", 404, "not registered")]
    [InlineData("ghost", "one", 400, "semantic version")]
    public async Task Uploading_for_an_unregistered_or_malformed_version_says_what_is_wrong(string product, string version, int status, string says)
    {
        var problem = await (await UploadAsync(product, version, [1, 2, 3])).ProblemAsync(status);
        Assert.Contains(says, problem.Detail);
    }

    [Fact]
    public async Task An_upload_without_its_hash_header_is_400_and_a_planner_may_not_upload()
    {
        await _seed.DesignAsync("pin", "1.0.0", ["cnc"], TimeSpan.FromMinutes(5));
        using var content = new ByteArrayContent([1, 2, 3]);
        var problem = await (await _admin.PutAsync("/api/designs/pin/versions/1.0.0/bundle", content).Within("PUT without hash")).ProblemAsync(400);
        Assert.Contains("X-Content-SHA256", problem.Detail);

        using var planner = factory.Planner();
        using var request = Request("pin", "1.0.0", [1, 2, 3], Sha([1, 2, 3]), chunked: false);
        using var forbidden = await planner.SendAsync(request).Within("PUT as planner");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }

    private async Task<HttpResponseMessage> UploadAsync(string product, string version, byte[] body, string? declaredSha = null, bool chunked = false)
    {
        using var request = Request(product, version, body, declaredSha ?? Sha(body), chunked);
        return await _admin.SendAsync(request).Within($"PUT bundle {product}@{version}");
    }

    private static HttpRequestMessage Request(string product, string version, byte[] body, string sha, bool chunked)
    {
        // A non-seekable stream with no length goes out chunked, as a streaming uploader's would.
        HttpContent content = chunked ? new StreamContent(new UnseekableStream(body)) : new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/designs/{product}/versions/{version}/bundle") { Content = content };
        request.Headers.Add("X-Content-SHA256", sha);
        if (chunked)
        {
            request.Headers.TransferEncodingChunked = true;
        }

        return request;
    }

    public static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public sealed record VersionView(string Product, string Version, string? BundleSha256, long? BundleSize);

    public sealed class SmallLimitApi : ApiFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Designs:MaxBundleBytes"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    private sealed class UnseekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
