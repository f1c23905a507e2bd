# examsearch: a small image with the static binary, running as non-root.
# Build: docker build -t examsearch .
# Run the bundled sample: docker run -p 8080:8080 examsearch
# Serve your own index: docker run -v /srv/exams.index:/index:ro -p 8080:8080 examsearch serve --index /index --addr :8080
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/examsearch ./cmd/examsearch \
 && mkdir -p /out/cache && /out/examsearch index --data data/sample --index /out/cache/examsearch/sample.index

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/examsearch /usr/local/bin/examsearch
# The sample index, prebuilt, so the default command starts at once.
COPY --from=build --chown=65532:65532 /out/cache /home/nonroot/.cache
USER 65532:65532
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/examsearch"]
CMD ["serve", "--index", "/home/nonroot/.cache/examsearch/sample.index", "--addr", ":8080"]
