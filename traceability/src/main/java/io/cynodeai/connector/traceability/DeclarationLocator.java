package io.cynodeai.connector.traceability;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Finds which declaration an annotation belongs to in one masked Java source: the method or type declared after
 * it (past any further annotations), qualified by the types enclosing it. Immutable and thread-safe once built.
 */
final class DeclarationLocator {
  private static final Pattern TYPE_DECLARATION =
      Pattern.compile("(?<![\\w$.@])(class|interface|enum|record)\\s+([A-Za-z_$][\\w$]*)");
  private static final Pattern LAST_IDENTIFIER = Pattern.compile("([A-Za-z_$][\\w$]*)\\s*$");

  private final String skeleton;
  private final String fileClass;
  private final List<TypeSpan> types;

  /** A locator over {@code source}, whose file declares the top-level class {@code fileClass}. */
  DeclarationLocator(MaskedSource source, String fileClass) {
    this.skeleton = source.skeleton();
    this.fileClass = fileClass;
    this.types = typeSpans(skeleton);
  }

  /** The class and method declared after offset {@code from}; the method is null for a type declaration. */
  Target declarationAfter(int from) {
    int start = skipAnnotations(from);
    int end = start;
    while (end < skeleton.length() && "({;=".indexOf(skeleton.charAt(end)) < 0) {
      end++;
    }
    String header = skeleton.substring(start, end);
    String enclosing = enclosingTypes(start);
    Matcher type = TYPE_DECLARATION.matcher(header);
    if (type.find()) {
      return new Target(enclosing.isEmpty() ? type.group(2) : enclosing + "." + type.group(2), null);
    }
    String owner = enclosing.isEmpty() ? fileClass : enclosing;
    Matcher method = LAST_IDENTIFIER.matcher(header);
    if (end < skeleton.length() && skeleton.charAt(end) == '(' && method.find()) {
      return new Target(owner, method.group(1));
    }
    return new Target(owner, null);
  }

  private int skipAnnotations(int from) {
    int i = from;
    while (i < skeleton.length()) {
      char c = skeleton.charAt(i);
      if (Character.isWhitespace(c) || c == ',' || c == '}' || c == ')') {
        i++;
      } else if (c == '@' && !skeleton.startsWith("@interface", i)) {
        i = skipAnnotation(i + 1);
      } else {
        break;
      }
    }
    return i;
  }

  private int skipAnnotation(int from) {
    int i = from;
    while (i < skeleton.length()
        && (Character.isJavaIdentifierPart(skeleton.charAt(i)) || skeleton.charAt(i) == '.')) {
      i++;
    }
    int afterName = i;
    while (i < skeleton.length() && Character.isWhitespace(skeleton.charAt(i))) {
      i++;
    }
    if (i < skeleton.length() && skeleton.charAt(i) == '(') {
      return matching(skeleton, i, '(', ')') + 1;
    }
    return afterName;
  }

  private String enclosingTypes(int offset) {
    List<String> names = new ArrayList<>();
    for (TypeSpan span : types) {
      if (span.bodyStart() < offset && offset < span.bodyEnd()) {
        names.add(span.name());
      }
    }
    return String.join(".", names);
  }

  private static List<TypeSpan> typeSpans(String skeleton) {
    List<TypeSpan> spans = new ArrayList<>();
    Matcher type = TYPE_DECLARATION.matcher(skeleton);
    while (type.find()) {
      int open = skeleton.indexOf('{', type.end());
      if (open >= 0) {
        spans.add(new TypeSpan(type.group(2), open, matching(skeleton, open, '{', '}')));
      }
    }
    return spans;
  }

  private static int matching(String text, int open, char opening, char closing) {
    int depth = 0;
    for (int i = open; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == opening) {
        depth++;
      } else if (c == closing && --depth == 0) {
        return i;
      }
    }
    return text.length();
  }

  /** Where a type's body lies; spans are found in source order, so outer types precede inner ones. */
  private record TypeSpan(String name, int bodyStart, int bodyEnd) {}

  /**
   * The declaration an annotation belongs to. Immutable and thread-safe.
   *
   * @param className the simple class name, nested classes joined with dots
   * @param method the method's name, or null when the annotation is on a type
   */
  record Target(String className, @Nullable String method) {}
}
