package dev.moim.file;

import java.awt.AlphaComposite;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.FileImageOutputStream;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;

import dev.moim.common.ErrorCode;
import dev.moim.common.MoimException;
import org.w3c.dom.Node;

/**
 * Pixels: reading a photo's size from its header, decoding its first frame small, turning it upright, scaling and
 * encoding. Decoding is bounded by source subsampling: whatever the photo's size, the raster decoded stays near
 * {@link #DECODE_PIXELS}.
 */
final class PhotoPixels {

    /** The most pixels a decoded raster should hold (16 MB as ARGB). */
    static final long DECODE_PIXELS = 4_000_000;
    static final String CORRUPT = "This photo is damaged or incomplete and cannot be shown.";
    private static final float JPEG_QUALITY = 0.85f;

    static {
        // In a Spring Boot jar the plugins (TwelveMonkeys WebP and JPEG) are only found by a scan with the
        // application's class loader.
        ImageIO.scanForPlugins();
    }

    private PhotoPixels() {
    }

    record Size(int width, int height) {
        long pixels() {
            return (long) width * height;
        }
    }

    /** The first frame's size as the decoder's header reading says, before a pixel is decoded. */
    static Size header(Path file, String photoType) {
        return withReader(file, photoType, reader -> new Size(reader.getWidth(0), reader.getHeight(0)));
    }

    /**
     * Decodes the first frame, or {@code region} of it (in the stored, not yet upright, pixels), keeping every
     * {@code subsampling}th pixel in each direction. A GIF's first frame is placed on its canvas of {@code canvas}
     * pixels, as browsers show it. Any failure, and the JPEG decoder's warning that the data ended early, is
     * CORRUPT_IMAGE.
     */
    static BufferedImage decode(Path file, String photoType, Size canvas, Rectangle region, int subsampling) {
        return withReader(file, photoType, reader -> {
            boolean[] endedEarly = {false};
            reader.addIIOReadWarningListener((source, warning) -> {
                if (warning != null && warning.toLowerCase(Locale.ROOT).contains("premature end")) {
                    endedEarly[0] = true;
                }
            });
            ImageReadParam param = reader.getDefaultReadParam();
            param.setSourceSubsampling(subsampling, subsampling, 0, 0);
            BufferedImage image;
            if (photoType.equals(FileTypes.GIF)) {
                image = onCanvas(reader, reader.read(0, param), canvas, subsampling);
                if (region != null) {
                    image = image.getSubimage(region.x / subsampling, region.y / subsampling,
                            Math.min(image.getWidth() - region.x / subsampling, ceilDiv(region.width, subsampling)),
                            Math.min(image.getHeight() - region.y / subsampling, ceilDiv(region.height, subsampling)));
                }
            } else {
                if (region != null) {
                    param.setSourceRegion(region);
                }
                image = reader.read(0, param);
            }
            if (endedEarly[0]) {
                throw new MoimException(ErrorCode.CORRUPT_IMAGE, CORRUPT);
            }
            return image;
        });
    }

    /** The subsampling that keeps a decode of {@code pixels} within {@link #DECODE_PIXELS}. */
    static int subsamplingFor(long pixels) {
        int s = 1;
        while (pixels / ((long) s * s) > DECODE_PIXELS) {
            s++;
        }
        return s;
    }

    /**
     * Scales to exactly {@code width}×{@code height}, halving first while the image is at least twice as large, then
     * one bicubic step: each step then reads every source pixel, which one big step would not.
     */
    static BufferedImage scale(BufferedImage source, int width, int height) {
        BufferedImage image = normalised(source);
        int w = image.getWidth();
        int h = image.getHeight();
        while (w / 2 >= width && h / 2 >= height) {
            w /= 2;
            h /= 2;
            image = draw(image, w, h, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        }
        if (w != width || h != height) {
            image = draw(image, width, height, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        }
        return image;
    }

    /** Turns pixels stored as EXIF {@code orientation} says into the picture as it is meant to be seen. */
    static BufferedImage upright(BufferedImage source, int orientation) {
        if (orientation <= 1 || orientation > 8) {
            return source;
        }
        BufferedImage image = normalised(source);
        int w = image.getWidth();
        int h = image.getHeight();
        boolean swaps = orientation >= 5;
        int outWidth = swaps ? h : w;
        int outHeight = swaps ? w : h;
        int[] in = image.getRGB(0, 0, w, h, null, 0, w);
        int[] out = new int[in.length];
        for (int y = 0; y < outHeight; y++) {
            for (int x = 0; x < outWidth; x++) {
                int[] stored = storedPoint(orientation, w, h, x, y);
                out[y * outWidth + x] = in[stored[1] * w + stored[0]];
            }
        }
        BufferedImage result = new BufferedImage(outWidth, outHeight, image.getType());
        result.setRGB(0, 0, outWidth, outHeight, out, 0, outWidth);
        return result;
    }

    /**
     * The stored pixel shown at upright ({@code x}, {@code y}) for EXIF {@code orientation}, in an image stored
     * {@code w}×{@code h}.
     */
    static int[] storedPoint(int orientation, int w, int h, int x, int y) {
        return switch (orientation) {
            case 2 -> new int[]{w - 1 - x, y};
            case 3 -> new int[]{w - 1 - x, h - 1 - y};
            case 4 -> new int[]{x, h - 1 - y};
            case 5 -> new int[]{y, x};
            case 6 -> new int[]{y, h - 1 - x};
            case 7 -> new int[]{w - 1 - y, h - 1 - x};
            case 8 -> new int[]{w - 1 - y, x};
            default -> new int[]{x, y};
        };
    }

    /** An encoded image in {@code dir}. */
    record Encoded(Path path, String contentType, int width, int height, long size) {
    }

    /** Writes {@code image} as a JPEG (when {@code opaque}; alpha is dropped) or a PNG. */
    static Encoded write(BufferedImage image, boolean opaque, Path dir, String prefix) throws IOException {
        String type = opaque ? FileTypes.JPEG : FileTypes.PNG;
        Path target = Files.createTempFile(dir, prefix, opaque ? ".jpg" : ".png");
        try {
            if (opaque) {
                writeJpeg(toRgb(image), target);
            } else if (!ImageIO.write(image, "png", target.toFile())) {
                throw new IOException("no PNG writer");
            }
            return new Encoded(target, type, image.getWidth(), image.getHeight(), Files.size(target));
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(target);
            throw e;
        }
    }

    private static void writeJpeg(BufferedImage rgb, Path target) throws IOException {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        if (!writers.hasNext()) {
            throw new IOException("no JPEG writer");
        }
        ImageWriter writer = writers.next();
        try (ImageOutputStream out = new FileImageOutputStream(target.toFile())) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(JPEG_QUALITY);
            writer.setOutput(out);
            writer.write(null, new IIOImage(rgb, null, null), param);
        } finally {
            writer.dispose();
        }
    }

    /** Whether every pixel is fully opaque (many PNGs carry an alpha channel they never use). */
    static boolean isOpaque(BufferedImage image) {
        if (!image.getColorModel().hasAlpha()) {
            return true;
        }
        int w = image.getWidth();
        int[] row = new int[w];
        for (int y = 0; y < image.getHeight(); y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int argb : row) {
                if (argb >>> 24 != 0xFF) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The same picture as INT_RGB or INT_ARGB, which Java2D scales well and fast (indexed and 16-bit do not). */
    private static BufferedImage normalised(BufferedImage image) {
        int type = image.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB;
        if (image.getType() == type) {
            return image;
        }
        return draw(image, image.getWidth(), image.getHeight(), RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR,
                type);
    }

    private static BufferedImage toRgb(BufferedImage image) {
        return image.getType() == BufferedImage.TYPE_INT_RGB ? image
                : draw(image, image.getWidth(), image.getHeight(), RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR,
                BufferedImage.TYPE_INT_RGB);
    }

    private static BufferedImage draw(BufferedImage image, int width, int height, Object interpolation) {
        return draw(image, width, height, interpolation, image.getType());
    }

    private static BufferedImage draw(BufferedImage image, int width, int height, Object interpolation, int type) {
        BufferedImage result = new BufferedImage(width, height, type);
        Graphics2D g = result.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, interpolation);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.setComposite(AlphaComposite.Src);
            g.drawImage(image, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return result;
    }

    /** A GIF's first frame where it lies on the logical screen (almost always the whole screen already). */
    private static BufferedImage onCanvas(ImageReader reader, BufferedImage frame, Size canvas, int subsampling)
            throws IOException {
        int width = ceilDiv(canvas.width(), subsampling);
        int height = ceilDiv(canvas.height(), subsampling);
        int left = 0;
        int top = 0;
        IIOMetadata metadata = reader.getImageMetadata(0);
        Node root = metadata.getAsTree(metadata.getNativeMetadataFormatName());
        for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeName().equals("ImageDescriptor")) {
                left = Integer.parseInt(n.getAttributes().getNamedItem("imageLeftPosition").getNodeValue());
                top = Integer.parseInt(n.getAttributes().getNamedItem("imageTopPosition").getNodeValue());
            }
        }
        if (left == 0 && top == 0 && frame.getWidth() == width && frame.getHeight() == height) {
            return frame;
        }
        BufferedImage result = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = result.createGraphics();
        try {
            g.drawImage(frame, left / subsampling, top / subsampling, null);
        } finally {
            g.dispose();
        }
        return result;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    private interface ReaderWork<T> {
        T apply(ImageReader reader) throws IOException;
    }

    /** Runs {@code work} with the format's reader on {@code file}; what the decoder throws is CORRUPT_IMAGE. */
    private static <T> T withReader(Path file, String photoType, ReaderWork<T> work) {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByMIMEType(photoType);
        if (!readers.hasNext()) {
            throw new IllegalStateException("No ImageIO reader for " + photoType);
        }
        ImageReader reader = readers.next();
        try (ImageInputStream in = new FileImageInputStream(file.toFile())) {
            // Only a GIF's metadata is needed (where its first frame lies); skipping the rest is faster.
            reader.setInput(in, true, !photoType.equals(FileTypes.GIF));
            return work.apply(reader);
        } catch (MoimException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // Decoders signal broken data with whatever they have: IIOException, IndexOutOfBounds, IllegalState...
            throw new MoimException(ErrorCode.CORRUPT_IMAGE, CORRUPT);
        } finally {
            reader.dispose();
        }
    }
}
