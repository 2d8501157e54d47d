package io.civicpass.retrofit;

import okhttp3.HttpUrl;
import okhttp3.RequestBody;
import okhttp3.ResponseBody;
import retrofit2.Call;
import retrofit2.http.Body;
import retrofit2.http.DELETE;
import retrofit2.http.GET;
import retrofit2.http.Header;
import retrofit2.http.PATCH;
import retrofit2.http.POST;
import retrofit2.http.PUT;
import retrofit2.http.Url;

/**
 * The Retrofit declaration of Civic's HTTP methods. Every call takes the complete URL, built
 * from core's already-encoded paths and checked before use, so Retrofit never re-encodes or
 * resolves a path itself; bodies are core's own JSON bytes and responses stay raw bytes for
 * core to decode. A null {@code Authorization} is left out (the JSON-style token request has none).
 */
interface CivicHttpApi {

    /** {@code GET} with the standard headers. */
    @GET
    Call<ResponseBody> get(@Url HttpUrl url, @Header("Authorization") String authorization,
                           @Header("User-Agent") String userAgent, @Header("Accept") String accept);

    /** {@code DELETE} with the standard headers and no body. */
    @DELETE
    Call<ResponseBody> delete(@Url HttpUrl url, @Header("Authorization") String authorization,
                              @Header("User-Agent") String userAgent, @Header("Accept") String accept);

    /** {@code POST} of a body that carries its own content type. */
    @POST
    Call<ResponseBody> post(@Url HttpUrl url, @Header("Authorization") String authorization,
                            @Header("User-Agent") String userAgent, @Header("Accept") String accept,
                            @Body RequestBody body);

    /** {@code PATCH} of a body that carries its own content type. */
    @PATCH
    Call<ResponseBody> patch(@Url HttpUrl url, @Header("Authorization") String authorization,
                             @Header("User-Agent") String userAgent, @Header("Accept") String accept,
                             @Body RequestBody body);

    /** {@code PUT} of a body that carries its own content type. */
    @PUT
    Call<ResponseBody> put(@Url HttpUrl url, @Header("Authorization") String authorization,
                           @Header("User-Agent") String userAgent, @Header("Accept") String accept,
                           @Body RequestBody body);
}
