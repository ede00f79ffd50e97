// Demo intranet — small behaviours of the classic pages (discussions, blog).
// Mirrors what SharePoint 2013 does: a click on "J’aime" replaces the likes
// wrapper (span.ms-comm-likesMetadata) with a new one; a posted reply or comment
// is appended to the list. DOM built with createElement/textContent only.
(function () {
  'use strict';

  var ME = { id: 16, name: 'Camille Durand', initials: 'CD', color: 'c9' };
  var LIKE_PATH = 'M5 7v7H2V7zM5 7l3-5.5c1 0 2 .8 1.6 2.3L9 6.5h4.2c.9 0 1.5.9 1.2 1.7l-1.7 5c-.2.5-.7.8-1.2.8H5z';

  function el(tag, cls, text) {
    var n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text != null) n.textContent = text;
    return n;
  }
  function likeIcon() {
    var ns = 'http://www.w3.org/2000/svg';
    var svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('width', '12');
    svg.setAttribute('height', '12');
    svg.setAttribute('viewBox', '0 0 16 16');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('fill', 'currentColor');
    var p = document.createElementNS(ns, 'path');
    p.setAttribute('d', LIKE_PATH);
    svg.appendChild(p);
    return svg;
  }
  function profileHref(id) { return '/_layouts/15/userdisp.aspx?ID=' + id; }
  function pad(n) { return n < 10 ? '0' + n : String(n); }
  function nowText() {
    var d = new Date();
    return pad(d.getDate()) + '/' + pad(d.getMonth() + 1) + '/' + d.getFullYear() + ' ' + pad(d.getHours()) + ':' + pad(d.getMinutes());
  }

  // Own likes wrapper of a post: not the one of a nested post.
  function ownLikes(scope) {
    var all = scope.querySelectorAll('.ms-comm-likesMetadata');
    for (var i = 0; i < all.length; i++) {
      var owner = all[i].parentNode.closest('li.ms-comm-postListItem');
      if (!owner || owner === scope || !scope.matches('li.ms-comm-postListItem')) return all[i];
    }
    return null;
  }

  function toggleLike(link) {
    var scope = link.closest('li.ms-comm-postListItem') || link.closest('.ms-blog-postCommandBar') || link.parentNode;
    var old = ownLikes(scope);
    var liked = link.classList.contains('ms-comm-likesElement-liked');
    var count = 0;
    var names = [];
    if (old) {
      var c = old.querySelector('.ms-comm-likesCount');
      count = c ? parseInt(c.textContent, 10) || 0 : 0;
      names = (old.getAttribute('title') || '').split('\n').filter(Boolean);
    }
    if (liked) {
      count = Math.max(0, count - 1);
      var i = names.lastIndexOf(ME.name);
      if (i >= 0) names.splice(i, 1);
    } else {
      count += 1;
      names.unshift(ME.name);
    }
    // SharePoint replaces the wrapper rather than editing it.
    var wrapper = el('span', 'ms-comm-likesMetadata');
    wrapper.setAttribute('title', names.slice(0, 20).join('\n'));
    wrapper.appendChild(likeIcon());
    wrapper.appendChild(el('span', 'ms-comm-likesCount ms-comm-reputationNumbers', String(count)));
    if (old) {
      old.replaceWith(wrapper);
    } else {
      var li = el('li');
      li.appendChild(wrapper);
      var holder = link.closest('li');
      if (holder && holder.parentNode) holder.parentNode.insertBefore(li, holder);
      else link.parentNode.insertBefore(wrapper, link);
    }
    link.classList.toggle('ms-comm-likesElement-liked', !liked);
    link.textContent = liked ? 'J’aime' : 'Je n’aime plus';
    if (document.documentElement.lang === 'en') link.textContent = liked ? 'Like' : 'Unlike';
  }

  function maxPostKey() {
    var max = 0;
    document.querySelectorAll('li.ms-comm-postListItem[id]').forEach(function (li) {
      var m = /Post(\d+)/.exec(li.id);
      if (m) max = Math.max(max, +m[1]);
    });
    return max;
  }

  function postReply(button) {
    var box = button.closest('.ms-comm-postReplyContainer');
    var area = box && box.querySelector('textarea.ms-comm-postReplyTextBox');
    var list = document.querySelector('.ms-comm-forumContainer ul.ms-comm-replyList');
    if (!area || !list) return;
    var text = area.value.trim();
    if (!text) { area.focus(); return; }
    var key = maxPostKey() + 1;

    var li = el('li', 'ms-comm-postListItem ms-comm-postReplyListItem');
    li.id = 'forum0-Post' + key + '-Root';
    var main = el('div', 'ms-comm-postMainContainer');
    var pic = el('div', 'ms-comm-pictureContainer');
    pic.appendChild(el('span', 'sp-initials ' + ME.color, ME.initials));
    var content = el('div', 'ms-comm-postContent');
    var title = el('div', 'ms-comm-authorTitle');
    var imn = el('span', 'ms-imnSpan');
    imn.appendChild(el('span', 'ms-spimn-presenceWrapper'));
    var a = el('a', 'ms-subtleLink', ME.name);
    a.href = profileHref(ME.id);
    imn.appendChild(a);
    title.appendChild(imn);
    var body = el('div', 'ms-comm-postBodyThreaded ms-comm-postReplyBody');
    text.split(/\n{2,}/).forEach(function (para) { body.appendChild(el('p', null, para)); });
    var actions = el('ul', 'ms-comm-postActions');
    var d = el('li');
    d.appendChild(el('span', 'ms-metadata ms-comm-cmdSpaceListItem', nowText()));
    var l = el('li');
    var like = el('a', 'ms-secondaryCommandLink', 'J’aime');
    like.href = '#';
    like.id = 'likesElement-' + key;
    like.setAttribute('role', 'button');
    l.appendChild(like);
    actions.appendChild(d);
    actions.appendChild(l);
    content.appendChild(title);
    content.appendChild(body);
    content.appendChild(actions);
    main.appendChild(pic);
    main.appendChild(content);
    li.appendChild(main);
    list.appendChild(li);
    area.value = '';

    var header = document.querySelector('.ms-comm-replyCountHeader > span');
    if (header) {
      var n = list.querySelectorAll(':scope > li.ms-comm-postListItem').length;
      header.textContent = n + (n > 1 ? ' réponses' : ' réponse');
    }
  }

  function postBlogComment(button) {
    var rootId = button.id.replace(/-CommentSubmit$/, '');
    var area = document.getElementById(rootId + '-CommentTextBox');
    var list = document.querySelector('.ms-blog-commentsContainer .ms-blog-commentList');
    if (!area || !list) return;
    var text = area.value.trim();
    if (!text) { area.focus(); return; }
    var li = el('li', 'ms-blog-postComment');
    var table = el('table');
    table.setAttribute('role', 'presentation');
    var tr = el('tr');
    var picCell = el('td', 'ms-blog-commentPictureCell');
    picCell.appendChild(el('span', 'sp-initials ' + ME.color, ME.initials));
    var cell = el('td');
    var a = el('a', 'ms-subtleLink ms-blog-commentAuthor', ME.name);
    a.href = profileHref(ME.id);
    cell.appendChild(a);
    cell.appendChild(el('div', 'ms-blog-commentText', text));
    cell.appendChild(el('span', 'ms-blog-command-noLeftPadding', nowText()));
    tr.appendChild(picCell);
    tr.appendChild(cell);
    var tbody = el('tbody');
    tbody.appendChild(tr);
    table.appendChild(tbody);
    li.appendChild(table);
    list.appendChild(li);
    area.value = '';
    var header = document.querySelector('.ms-blog-commentsHeader');
    if (header) {
      var n = list.querySelectorAll('li.ms-blog-postComment').length;
      header.textContent = n + (n > 1 ? ' comments' : ' comment');
    }
  }

  document.addEventListener('click', function (e) {
    var t = e.target;
    if (!(t instanceof Element)) return;
    var like = t.closest('a[id^="likesElement-"]');
    if (like) { e.preventDefault(); toggleLike(like); return; }
    var reply = t.closest('button[id$="-ReplySubmit"]');
    if (reply) { e.preventDefault(); postReply(reply); return; }
    var comment = t.closest('button[id$="-CommentSubmit"]');
    if (comment) { e.preventDefault(); postBlogComment(comment); return; }
    var dead = t.closest('a[href="#"]');
    if (dead) e.preventDefault();
  });
})();
